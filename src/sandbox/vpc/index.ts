export * from './dataset';
export * from './errors';
export * from './faults';
export * from './inventory';
export * from './server';
export { canonicalQuery, computeSignature, percentEncode, signRpcParams, stringToSign } from './signature';
