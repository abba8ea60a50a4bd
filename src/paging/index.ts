export * from './state';
export * from './store';
export * from './codec';
