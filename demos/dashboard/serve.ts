/**
 * `npm run dashboard`: starts the servers and the page of demos/dashboard/ (see servers.ts),
 * prints the URL, and stops everything on Ctrl-C. `DASHBOARD_PORT` picks the page's port.
 */
import { startDashboard } from './servers.js';

const dashboard = await startDashboard({ root: process.cwd(), port: Number(process.env['DASHBOARD_PORT'] ?? 4870) });
process.stdout.write(`rxmcp dashboard: ${dashboard.url}\nservers: ${[...dashboard.servers.values()].map((server) => `${server.name} (${server.upstream})`).join(', ')}\nCtrl-C to stop\n`);
const stop = (): void => void dashboard.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
