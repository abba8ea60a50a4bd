/**
 * `POST /__mutate`: change the stand-in's data while it runs, so a watch has something to catch in a demo or a
 * test over HTTP. One session at a time, found by id or name in one region.
 */
import { isRecord } from '../../guards';
import type { Dataset, WireTrafficMirrorSession } from './dataset';

const FIELDS = 'region, session (id or name), and any of enabled (boolean), status, businessStatus, remove (true)';

type MutationResult = { ok: true; session: WireTrafficMirrorSession; removed: boolean } | { ok: false; error: string };

function optionalString(input: Record<string, unknown>, key: string): string | undefined | null {
  const value = input[key];
  if (value === undefined) return undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function applyMutation(dataset: Dataset, input: unknown): MutationResult {
  if (!isRecord(input)) return { ok: false, error: `Send a JSON object with ${FIELDS}.` };
  const region = typeof input.region === 'string' ? input.region : '';
  const sessions = Object.hasOwn(dataset.regions, region) ? dataset.regions[region] : undefined;
  if (!sessions) return { ok: false, error: `region must be one of ${Object.keys(dataset.regions).join(', ')}.` };
  const wanted = typeof input.session === 'string' ? input.session : '';
  const index = sessions.findIndex((s) => s.TrafficMirrorSessionId === wanted || s.TrafficMirrorSessionName === wanted);
  const session = sessions[index];
  if (!session) return { ok: false, error: `No session with id or name "${wanted}" in ${region}.` };
  const status = optionalString(input, 'status');
  const businessStatus = optionalString(input, 'businessStatus');
  if (input.enabled !== undefined && typeof input.enabled !== 'boolean')
    return { ok: false, error: 'enabled must be true or false.' };
  if (status === null || businessStatus === null)
    return { ok: false, error: 'status and businessStatus must be non-empty strings.' };
  if (input.remove === true) {
    sessions.splice(index, 1);
    return { ok: true, session, removed: true };
  }
  if (typeof input.enabled === 'boolean') session.Enabled = input.enabled;
  // The wire types list the documented values; the stand-in sends whatever it is given, as a newer API might.
  if (status !== undefined)
    session.TrafficMirrorSessionStatus = status as WireTrafficMirrorSession['TrafficMirrorSessionStatus'];
  if (businessStatus !== undefined)
    session.TrafficMirrorSessionBusinessStatus =
      businessStatus as WireTrafficMirrorSession['TrafficMirrorSessionBusinessStatus'];
  return { ok: true, session, removed: false };
}
