export * from './competition.ts';
export * from './roster.ts';
export * from './auth.ts';
export * from './judging.ts';
export * from './standings.ts';
export * from './audit.ts';
