/**
 * The V8 limits the Dockerfile sets (NODE_OPTIONS), so that a bot process a bench spawns is measured as the image
 * runs it. BENCH_NODE_OPTIONS overrides them ('' for V8's own defaults).
 */
const IMAGE_NODE_OPTIONS = '--max-old-space-size=160 --max-semi-space-size=4';

export function botNodeOptions(): string {
  return process.env.BENCH_NODE_OPTIONS ?? IMAGE_NODE_OPTIONS;
}
