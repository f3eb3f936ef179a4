// Starts the PartnerHub binary with demo data on a free loopback port, for the browser tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoUsers = 8;

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * startServer runs `<bin> serve --demo` in a fresh temporary directory and resolves once /healthz
 * answers 200 and every demo login has been printed. It returns the base URL, the logins
 * ({role, email, password} in printed order), the first admin with its one-time password (or
 * null) and stop(), which kills the server and removes the directory.
 *
 * options.allowInsecureWebhooks adds --allow-insecure-webhooks, so webhooks may go to a plain
 * http receiver on this machine (development only); the other tests run without it.
 *
 * options.simulatorStep (a Go duration such as '2s') passes --simulator-step, how long the provider
 * simulator takes for each step (a new number's onboarding, a template's review); without it the
 * server keeps its own default.
 */
export async function startServer({ allowInsecureWebhooks = false, simulatorStep } = {}) {
  const bin = resolve(frontend, process.env.PARTNERHUB_BIN ?? '../bin/partnerhub');
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: run "make build" first or set PARTNERHUB_BIN`);
  const dir = mkdtempSync(join(tmpdir(), 'partnerhub-e2e-'));
  const addr = `127.0.0.1:${await freePort()}`;
  const args = ['serve', '--demo', '--addr', addr, '--db', join(dir, 'hub.db')];
  if (allowInsecureWebhooks) args.push('--allow-insecure-webhooks');
  if (simulatorStep !== undefined) args.push('--simulator-step', simulatorStep);
  const child = spawn(bin, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const logins = [];
  let firstAdmin = null;
  let exited = null;
  child.once('exit', (code, signal) => (exited = signal ?? code));
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  createInterface({ input: child.stdout }).on('line', (line) => {
    output.push(line);
    const login = /^login: (\S+) (\S+) (.+)$/.exec(line);
    if (login) logins.push({ role: login[1], email: login[2], password: login[3] });
    const admin = /^first admin: .* (\S+@\S+) with one-time password (\S+)/.exec(line);
    if (admin) firstAdmin = { role: 'platform_admin', email: admin[1], password: admin[2] };
  });

  const stop = () => {
    if (exited === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);

  const base = `http://${addr}`;
  const deadline = Date.now() + 30_000;
  let healthy = false;
  while (!(healthy && logins.length >= demoUsers)) {
    if (exited !== null || Date.now() > deadline) {
      stop();
      const why = exited !== null ? `exited (${exited})` : `not ready in 30 s (healthy: ${healthy}, logins: ${logins.length}/${demoUsers})`;
      throw new Error(`server ${why}; its output:\n${output.join('\n')}`);
    }
    healthy ||= await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
    await sleep(100);
  }
  return { base, logins, firstAdmin, stop };
}
