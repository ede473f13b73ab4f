/**
 * Types, permissions and the API client shared by Berth's frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './types';
export * from './model';
export * from './helm';
export * from './rendering';
export * from './lifecycle';
export * from './configs';
export * from './operations';
export * from './workflows';
export * from './sandboxes';
export * from './extensions';
export * from './client/BerthClient';
export * from './imageRules';
