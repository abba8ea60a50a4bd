export * from './demo';
export * from './server';
