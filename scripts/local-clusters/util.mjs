// Small helpers for the local control plane: free ports, HTTPS requests to the apiserver,
// detached processes with log files, openssl-based PKI. Node built-ins only.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export function randomToken(bytes = 24) {
  return randomBytes(bytes).toString('hex');
}

/** Seconds since t0 (a process.hrtime.bigint() value), formatted like "12.3s". */
export function elapsed(t0) {
  return `${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)}s`;
}

/**
 * Reserves `count` distinct free TCP ports on 127.0.0.1. All listeners are held open until every
 * port is known, so the same call never returns a port twice.
 */
const handedOut = new Set(); // ports this process already returned (clusters started in parallel)
export async function freePorts(count) {
  const servers = [];
  const ports = [];
  try {
    while (ports.length < count) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
      const { port } = server.address();
      if (!handedOut.has(port)) ports.push(port);
    }
    ports.forEach(p => handedOut.add(p));
    return ports;
  } finally {
    await Promise.all(
      servers.map(s => new Promise(resolve => s.close(resolve))),
    );
  }
}

/**
 * One HTTP(S) request. Resolves { status, body, json } and never rejects on HTTP status codes.
 * options: { ca, token, cert, key, insecure, body, contentType, timeoutMs }
 */
export function request(
  url,
  {
    method = 'GET',
    ca,
    token,
    cert,
    key,
    insecure = false,
    body,
    contentType,
    timeoutMs = 10000,
  } = {},
) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['Content-Type'] = contentType ?? 'application/json';
    headers['Content-Length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      {
        method,
        headers,
        ca,
        cert,
        key,
        rejectUnauthorized: !insecure,
        timeout: timeoutMs,
        agent: false,
      },
      res => {
        const chunks = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, body: text, json });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`timeout after ${timeoutMs}ms: ${method} ${url}`)),
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * Polls `check` (async, returns a truthy value when done) until it succeeds or `timeoutMs` passes.
 * `describe` is used in the error message; `onPoll` can throw to abort early (e.g. a process died).
 */
export async function waitFor(
  describe,
  check,
  { timeoutMs = 120000, intervalMs = 250, onPoll } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    if (onPoll) await onPoll();
    try {
      const result = await check();
      if (result) return result;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${describe}${
          lastError ? `: ${lastError.message}` : ''
        }`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * Starts a long-running process in its own process group (so stop can kill the whole group),
 * detached from this Node process, with stdout and stderr appended to `logFile`.
 */
export function spawnDetached(command, args, { logFile, cwd, env } = {}) {
  const fd = fs.openSync(logFile, 'a');
  try {
    fs.writeSync(
      fd,
      `# ${new Date().toISOString()} ${command} ${args.join(' ')}\n`,
    );
    const child = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.unref();
    if (!child.pid) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

/** True if `pid` is alive and, when `exe` is given, its command line starts with that executable. */
export function isAlive(pid, exe) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false; // zombie
    if (exe) {
      const argv0 = fs
        .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')[0];
      return argv0 === exe;
    }
  } catch {
    // No /proc: trust kill(0).
  }
  return true;
}

/** Resident set size of one process in bytes (0 if unknown). */
export function rssBytes(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** SIGTERM the process group of `pid`, wait up to graceMs, then SIGKILL it. */
export async function killGroup(pid, exe, graceMs = 5000) {
  if (!isAlive(pid, exe)) return false;
  const signal = sig => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  signal('SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return true;
}

/** The last `lines` lines of a log file, for error messages. */
export function tail(file, lines = 25) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

export async function writeJson(file, value, mode = 0o644) {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await fsp.rename(tmp, file);
}

export async function readJson(file) {
  return JSON.parse(await fsp.readFile(file, 'utf8'));
}

export async function run(command, args, options = {}) {
  try {
    return await execFileP(command, args, {
      maxBuffer: 64 * 1024 * 1024,
      ...options,
    });
  } catch (e) {
    const detail = [e.stderr, e.stdout].filter(Boolean).join('\n').trim();
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} failed: ${e.message}${
        detail ? `\n${detail}` : ''
      }`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// PKI with the openssl command line (Debian's `openssl` package).

export async function checkOpenssl() {
  try {
    const { stdout } = await execFileP('openssl', ['version']);
    return stdout.trim();
  } catch {
    throw new Error(
      "openssl is required to create the local clusters' certificates: apt-get install -y openssl",
    );
  }
}

const openssl = (args, cwd) => run('openssl', args, { cwd });

async function ecKey(file, cwd) {
  await openssl(
    [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      file,
    ],
    cwd,
  );
  await fsp.chmod(path.join(cwd, file), 0o600);
}

/** Signs `<name>.{key,crt}` in `dir` with the CA there (ca.{crt,key}); EC P-256 like the rest. */
export async function signCert(dir, name, subject, extensions) {
  const days = '3650';
  await ecKey(`${name}.key`, dir);
  await openssl(
    [
      'req',
      '-new',
      '-key',
      `${name}.key`,
      '-subj',
      subject,
      '-out',
      `${name}.csr`,
    ],
    dir,
  );
  await fsp.writeFile(
    path.join(dir, `${name}.ext`),
    `${extensions.join('\n')}\n`,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${randomToken(8)}`,
      '-sha256',
      '-days',
      days,
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
  await fsp.rm(path.join(dir, `${name}.csr`));
  await fsp.rm(path.join(dir, `${name}.ext`));
}

/**
 * Creates in `dir`: ca.{crt,key}; apiserver.{crt,key} (serving, SANs for 127.0.0.1/localhost/
 * kubernetes.default...); one client cert per entry of `clients` ({ name, cn, org });
 * sa.{key,pub} (RSA, for service account tokens).
 */
export async function createPki(dir, { clusterName, clients }) {
  await fsp.mkdir(dir, { recursive: true });
  const days = '3650';
  await ecKey('ca.key', dir);
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-sha256',
      '-days',
      days,
      '-subj',
      `/CN=berth-${clusterName}-ca`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  const sign = (name, subject, extensions) =>
    signCert(dir, name, subject, extensions);
  const sans = [
    'IP:127.0.0.1',
    'IP:10.0.0.1',
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
  ];
  await sign('apiserver', '/CN=kube-apiserver', [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${sans.join(',')}`,
  ]);
  for (const c of clients) {
    const subject = `${c.org ? `/O=${c.org}` : ''}/CN=${c.cn}`;
    await sign(c.name, subject, [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=clientAuth',
    ]);
  }
  await openssl(
    [
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-out',
      'sa.key',
    ],
    dir,
  );
  await fsp.chmod(path.join(dir, 'sa.key'), 0o600);
  await openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}
