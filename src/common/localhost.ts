/** @module Names that can only mean this machine: shared by the checks' fetch and the local cloud's edge. */

/** True for `localhost` and any name under it (RFC 6761 reserves them for loopback). */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return host === 'localhost' || host.endsWith('.localhost')
}
