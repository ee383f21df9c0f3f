/** A fetch for tests that resolves `*.localhost` to loopback, as browsers and curl do (Node does not). */
import { Agent, fetch as undiciFetch } from 'undici'

const agent = new Agent({
  connect: {
    lookup: (hostname, options, callback) => {
      if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
        if ((options as { all?: boolean }).all) return (callback as any)(null, [{ address: '127.0.0.1', family: 4 }])
        return callback(null, '127.0.0.1', 4)
      }
      callback(new Error(`tests only talk to loopback, not ${hostname}`), '', 4)
    },
  },
})

export function localFetch(url: string, init: Parameters<typeof undiciFetch>[1] = {}) {
  return undiciFetch(url, { ...init, dispatcher: agent })
}
