/** @module Names that can only mean this machine: shared by the checks' fetch and the local cloud's edge. */

/** True for `localhost` and any name under it (RFC 6761 reserves them for loopback). */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return host === 'localhost' || host.endsWith('.localhost')
}

/**
 * True for a URL hostname that can only reach this machine: `localhost` (and names under it), 127.0.0.0/8
 * and ::1. `new URL` has already normalised IPv4 forms (`127.1`) and compressed IPv6 (`[0::1]` → `[::1]`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1')
  if (isLocalhostName(host)) return true
  if (host === '::1') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}
