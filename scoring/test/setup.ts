/**
 * Property tests run on a fixed seed so CI is reproducible; FC_SEED=<n> replays a seed and
 * FC_SEED=random explores new ones (do that when changing the engine).
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 20261121 : Number(seed) });
