// Limits the API enforces and the form shows, in a module the browser can load
// (fence-devices.types.ts reaches the SSH code through run-hook's name rule).
export const FENCE_TIMEOUT_MIN = 5;
export const FENCE_TIMEOUT_MAX = 600;
export const ENV_VALUE_MAX = 1000;
export const PLUG_MAX = 200;
