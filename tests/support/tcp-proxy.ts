import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy the test can cut and restore, standing between the app and PostgreSQL: cut()
 * closes every open connection and refuses new ones; restore() listens again on the same port.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
	const sockets = new Set<Socket>();
	let server: Server | undefined;
	let port = 0;
	const listen = () =>
		new Promise<void>((resolve) => {
			const listening = createServer((client) => {
				const upstream = connect(target.port, target.host);
				for (const s of [client, upstream]) {
					sockets.add(s);
					s.on("close", () => sockets.delete(s));
					s.on("error", () => s.destroy());
				}
				client.pipe(upstream).pipe(client);
			});
			server = listening;
			listening.listen(port, "127.0.0.1", () => {
				port = (listening.address() as { port: number }).port;
				resolve();
			});
		});
	await listen();
	return {
		get port() {
			return port;
		},
		async cut() {
			await new Promise<void>((resolve) => {
				server?.close(() => resolve());
				for (const s of sockets) s.destroy();
			});
		},
		restore: listen,
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
		},
	};
}
