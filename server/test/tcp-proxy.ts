/**
 * A TCP proxy between the app and Postgres that a test can cut and restore: cut() drops every
 * open connection and stops listening, so new ones are refused (what clients see while the
 * database restarts), restore() listens on the same port again. Only this app's connections
 * are affected, so tests sharing the Postgres server are not.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  private listening = false;
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.server = createServer((client) => {
      const upstream = connect(target);
      this.open.add(client);
      this.open.add(upstream);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        this.open.delete(client);
        this.open.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.listen();
    const address = proxy.server.address();
    proxy.port = typeof address === 'object' && address !== null ? address.port : 0;
    return proxy;
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.listen(this.port, '127.0.0.1', resolve);
    });
    this.listening = true;
  }

  /** The URL through the proxy to the same database. */
  url(databaseUrl: string): string {
    const u = new URL(databaseUrl);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  async cut(): Promise<void> {
    for (const s of this.open) s.destroy();
    this.open.clear();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  async restore(): Promise<void> {
    if (!this.listening) await this.listen();
  }

  async close(): Promise<void> {
    await this.cut();
  }
}
