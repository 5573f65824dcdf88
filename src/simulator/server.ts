/**
 * The CXone simulator: a real HTTP server imitating the upstream APIs the
 * gateway calls, one module each (auth.ts: token endpoints and discovery;
 * summary-query.ts; reporting.ts), from one synthetic tenant, with
 * configurable faults and a record of every request it was asked, for tests
 * to count and read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '../clock.js';
import { AUTH_PATHS, SimAuth, type Credentials } from './auth.js';
import { defaultFaults, RateWindow, takeStep, type Faults, type ScriptStep } from './faults.js';
import { header, readBody, send, tryJson, type RecordedRequest, type SimRequest } from './http.js';
import type { ContactsSettings } from './contacts.js';
import { LIVE_PATH, liveCall, type LiveEndpoint } from './live.js';
import { REPORTING_PATH, reportingCall, type BusinessUnitSettings } from './reporting.js';
import { SUMMARY_PATH, SummaryQueryApi } from './summary-query.js';
import { prng, Tenant } from './tenant.js';

export type { RecordedRequest };

const SIM_PATHS = { ...AUTH_PATHS, summary: SUMMARY_PATH, admin: '/__admin' } as const;

export interface SimulatorOptions extends Credentials {
  seed?: number;
  contactsPerDay?: number;
  faults?: Partial<Faults>;
  host?: string;
  port?: number;
  /** Serve the fault endpoint (/__admin). Off for a simulator embedded in a production gateway. */
  admin?: boolean;
  /** Answer the Reporting API as older versions do: every value a string, keys upper-case first. */
  legacy?: boolean;
  /** What GET business-unit answers: a Windows time zone name and the first day of the week (default UTC, Monday). */
  businessUnit?: BusinessUnitSettings;
  /** contacts/completed: key generation (default current) and whether pages link the next one (default true). */
  contacts?: Partial<Pick<ContactsSettings, 'generation' | 'links'>>;
  /** The simulator's now (default the machine's): contacts completed after it are not served yet. */
  now?: () => number;
}

export class Simulator {
  readonly tenant: Tenant;
  /** The simulator's now: contacts completed after it are not served (settable for tests of late data). */
  now: () => number;
  readonly requests: RecordedRequest[] = [];
  faults: Faults;
  private readonly auth: SimAuth;
  private readonly summary: SummaryQueryApi;
  private readonly window = new RateWindow();
  private readonly random: () => number;
  private server: Server | undefined;
  url = '';

  constructor(private readonly options: SimulatorOptions) {
    this.now = options.now ?? (() => Date.now());
    this.tenant = new Tenant(options.seed ?? 42, options.contactsPerDay ?? 300, () => this.now());
    this.faults = { ...defaultFaults(), ...options.faults };
    this.random = prng((options.seed ?? 42) ^ 0x5eed);
    this.auth = new SimAuth(options);
    this.summary = new SummaryQueryApi(this.tenant, this.auth);
  }

  get tokenUrl(): string {
    return this.url + SIM_PATHS.token;
  }

  get summaryUrl(): string {
    return this.url + SIM_PATHS.summary;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { error: 'simulator', message: String(err) });
      });
    });
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  setFaults(patch: Partial<Faults>): void {
    this.faults = { ...this.faults, ...patch };
  }

  reset(): void {
    this.faults = { ...defaultFaults(), ...this.options.faults };
    this.requests.length = 0;
  }

  /** Invalidate every issued token: the next data call answers 401. `refresh`: refresh tokens too. */
  revokeTokens(opts: { refresh?: boolean } = {}): void {
    this.auth.revoke(opts);
  }

  /** Recorded requests to the summary endpoint. */
  summaryCalls(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === SIM_PATHS.summary);
  }

  tokenCalls(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === SIM_PATHS.token);
  }

  /** Recorded calls to the real-time endpoints (skills/activity, agents/states, contacts/active), oldest first. */
  liveCalls(): RecordedRequest[] {
    return this.requests.filter((r) => LIVE_PATH.test(r.path));
  }

  /** Recorded calls to skills/summary and agents/performance, oldest first. */
  /** Recorded calls to contacts/completed, oldest first. */
  contactsCalls(): RecordedRequest[] {
    return this.requests.filter((r) => REPORTING_PATH.exec(r.path)?.[1] === 'contacts/completed');
  }

  reportingCalls(): RecordedRequest[] {
    return this.requests.filter((r) => ['skills/summary', 'agents/performance'].includes(REPORTING_PATH.exec(r.path)?.[1] ?? ''));
  }

  /** Recorded calls to business-unit, oldest first. */
  businessUnitCalls(): RecordedRequest[] {
    return this.requests.filter((r) => REPORTING_PATH.exec(r.path)?.[1] === 'business-unit');
  }

  /** Recorded calls to the agents list, oldest first. */
  agentsCalls(): RecordedRequest[] {
    return this.requests.filter((r) => REPORTING_PATH.exec(r.path)?.[1] === 'agents');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const raw = await readBody(req);
    if (path.startsWith(SIM_PATHS.admin)) {
      if (this.options.admin === false) return send(res, 404, { error: 'notFound' });
      return this.admin(req.method ?? 'GET', path, raw, res);
    }

    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path,
      search: url.search,
      status: 0,
      doneAt: 0,
      authorization: req.headers.authorization,
      niceUsername: header(req, 'nice-username'),
      userAgent: req.headers['user-agent'],
      traceparent: header(req, 'traceparent'),
      body: undefined,
    };
    this.requests.push(record);
    const r: SimRequest = {
      req,
      url,
      raw,
      record,
      tenant: this.tenant,
      faults: this.faults,
      window: this.window,
      random: this.random,
      base: this.url,
      answer: (status, body, headers = {}) => {
        record.status = status;
        const done = () => {
          record.doneAt = Date.now();
          send(res, status, body, headers);
        };
        if (this.faults.latencyMs > 0) setTimeout(done, this.faults.latencyMs);
        else done();
      },
    };

    if (this.auth.handle(r)) return;
    if (this.auth.isTokenEndpoint(path, req.method)) {
      record.body = Object.fromEntries(new URLSearchParams(raw));
      if (await this.scripted(this.faults.tokenScript, record, res)) return;
      return this.auth.grant(r, record.body as Record<string, string>);
    }
    const live = LIVE_PATH.exec(path);
    if (live && req.method === 'GET') {
      if (!this.auth.admits(r)) return;
      if (await this.scripted(this.faults.script, record, res)) return;
      if (this.random() < this.faults.errorRatio) return r.answer(503, { error: 'serviceUnavailable' });
      return liveCall(r, live[1] as LiveEndpoint, this.now());
    }
    const reporting = REPORTING_PATH.exec(path);
    if (reporting && req.method === 'GET') {
      if (reporting[1] !== 'agents' && (await this.scripted(this.faults.script, record, res))) return;
      return reportingCall(r, reporting[1]!, this.auth, {
        legacy: this.options.legacy ?? false,
        businessUnit: this.options.businessUnit ?? { timeZone: 'UTC', startDayOfWeek: 'Monday' },
        contacts: { generation: this.options.contacts?.generation ?? 'current', links: this.options.contacts?.links ?? true, now: this.now },
      });
    }
    if (path === SIM_PATHS.summary && req.method === 'POST') {
      record.body = tryJson(raw);
      if (await this.scripted(this.faults.script, record, res)) return;
      if (this.random() < this.faults.dropRatio) {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      return this.summary.call(r, record.body);
    }
    r.answer(404, { error: 'notFound', message: `no route ${req.method} ${path}` });
  }

  /** Play a scripted step if one is queued; true when it answered. */
  private async scripted(script: ScriptStep[], record: RecordedRequest, res: ServerResponse): Promise<boolean> {
    const step = takeStep(script);
    if (!step) return false;
    if (step.delayMs) await sleep(step.delayMs);
    if (step.drop) {
      record.status = -1;
      res.socket?.destroy();
      return true;
    }
    if (step.status === undefined) return false;
    record.status = step.status;
    send(res, step.status, step.body ?? { error: `scripted${step.status}` }, step.retryAfter === undefined ? {} : { 'retry-after': step.retryAfter });
    return true;
  }

  private admin(method: string, path: string, raw: string, res: ServerResponse): void {
    const route = path.slice(SIM_PATHS.admin.length);
    if (route === '/faults' && method === 'GET') return send(res, 200, this.faults);
    if (route === '/faults' && (method === 'POST' || method === 'PUT')) {
      this.setFaults((tryJson(raw) ?? {}) as Partial<Faults>);
      return send(res, 200, this.faults);
    }
    if (route === '/requests' && method === 'GET') return send(res, 200, this.requests);
    if (route === '/requests' && method === 'DELETE') {
      this.requests.length = 0;
      return send(res, 204, undefined);
    }
    if (route === '/reset' && method === 'POST') {
      this.reset();
      return send(res, 204, undefined);
    }
    if (route === '/revoke-tokens' && method === 'POST') {
      this.revokeTokens();
      return send(res, 204, undefined);
    }
    send(res, 404, { error: 'notFound' });
  }
}
