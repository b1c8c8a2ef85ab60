// Caps open connections without letting slow or idle ones lock real clients out (slowloris).
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export type ConnectionGuardOptions = {
  /** Open sockets at most; a new one over the cap evicts the oldest socket that is not serving. */
  maxConnections: number;
  onEvict?: (reason: 'idle' | 'full') => void;
};

export type ConnectionGuard = {
  open(): number;
  /** Sockets in the middle of a request or a stream. */
  busy(): number;
};

type Tracked = { socket: Socket; since: number; active: number };

/**
 * Node's own `maxConnections` refuses the newest socket, which is exactly what a slowloris attacker
 * wants: fill the table with half-sent requests and everyone else is locked out. Here the newest
 * socket is always admitted, and room is made by closing the oldest socket that has no request in
 * progress (one still sending its headers, or an idle keep-alive). Only when every socket is busy
 * answering is the newcomer refused.
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  // Insertion order is age order: the first idle entry found is the oldest.
  const sockets = new Map<Socket, Tracked>();
  let seq = 0;

  server.on('connection', (socket: Socket) => {
    const entry: Tracked = { socket, since: seq++, active: 0 };
    if (sockets.size >= options.maxConnections) {
      let victim: Tracked | undefined;
      for (const t of sockets.values()) {
        if (t.active === 0) {
          victim = t;
          break;
        }
      }
      if (victim) {
        sockets.delete(victim.socket);
        victim.socket.destroy();
        options.onEvict?.('idle');
      } else {
        socket.destroy();
        options.onEvict?.('full');
        return;
      }
    }
    sockets.set(socket, entry);
    socket.once('close', () => sockets.delete(socket));
  });

  server.on('request', (req, res) => {
    const t = sockets.get(req.socket);
    if (!t) return;
    t.active++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      t.active--;
    };
    res.once('finish', finish);
    res.once('close', finish);
  });

  return {
    open: () => sockets.size,
    busy: () => [...sockets.values()].filter((t) => t.active > 0).length,
  };
}
