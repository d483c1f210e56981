import { describeToolchain, ensureToolchain } from '../../scripts/setup.js';

// Once per `vitest run`, before any test file: a missing binary is built or reported here, once,
// instead of every test file racing to build it (the first Temporal CLI build takes minutes).
export default async function setup(): Promise<void> {
  const toolchain = await ensureToolchain({ forTests: true });
  if (process.env.CI) console.log(describeToolchain(toolchain));
}
