/**
 * @module The local cloud's default port, shared by the cloud and the runner (which never imports the cloud).
 * Not LocalStack's 4566, so both can run side by side.
 */
export const DEFAULT_CLOUD_PORT = 4599
