/** /readyz: ready only when every check is; the body names what is not, in words without secrets. */
export interface ProbeStatus {
  ready: boolean;
  /** Why not, in words an operator can act on; never a token, a password or a URL. */
  problem?: string;
}

export interface ReadinessCheck {
  /** `slack`, `redis` … */
  name: string;
  status(): ProbeStatus;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ProbeStatus>;
}

export function readiness(checks: readonly ReadinessCheck[]): ReadinessReport {
  const report: ReadinessReport = { ready: true, checks: {} };
  for (const check of checks) {
    const status = check.status();
    report.checks[check.name] = status.ready ? { ready: true } : { ready: false, problem: status.problem };
    if (!status.ready) report.ready = false;
  }
  return report;
}
