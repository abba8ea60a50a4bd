export * from './codec';
export * from './state';
export * from './store';
