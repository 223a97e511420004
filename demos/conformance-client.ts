/**
 * rxmcp's client for the official MCP conformance runner (`@modelcontextprotocol/conformance`).
 *
 * The runner starts a mock server per scenario and runs this program with the server's URL as the
 * last argument. `MCP_CONFORMANCE_SCENARIO` names the scenario, `MCP_CONFORMANCE_PROTOCOL_VERSION`
 * the spec version the mock speaks, and `MCP_CONFORMANCE_CONTEXT` (JSON) carries scenario data
 * such as the tool calls to make. Each scenario is a short walk through rxmcp's public API; the
 * program exits 0 when the walk completes and 1 when it throws (the runner's suites judge by the
 * mock server's checks alone; a single `--scenario` run also fails on a non-zero exit).
 *
 *   npm run conformance                       # the whole suite, both runs (scripts/conformance.sh)
 *   node .conformance/build/conformance-client.mjs http://localhost:3000/mcp   # one scenario, by hand
 */
import { importPKCS8 } from 'jose';
import { Client, isModernProtocolVersion, OAuthProvider, requestIdentityAssertion, Skills, skillsExtension, SkillVerificationError, type AuthorizationRequest, type ClientOptions, type JsonObject } from 'rxmcp';

/** The data the runner passes in `MCP_CONFORMANCE_CONTEXT`, as far as this client reads it. */
interface ScenarioContext {
  readonly name?: string;
  readonly toolCalls?: readonly { readonly name: string; readonly arguments?: JsonObject }[];
  /** Pre-registered client credentials (`auth/pre-registration`). */
  readonly client_id?: string;
  readonly client_secret?: string;
  /** The PKCS#8 key and JWS algorithm of `private_key_jwt` (`auth/client-credentials-jwt`). */
  readonly private_key_pem?: string;
  readonly signing_algorithm?: string;
  /** The workload identity token (`auth/wif-jwt-bearer`). */
  readonly valid_jwt?: string;
  /** The enterprise IdP (`auth/enterprise-managed-authorization`). */
  readonly idp_client_id?: string;
  readonly idp_id_token?: string;
  readonly idp_issuer?: string;
  readonly idp_token_endpoint?: string;
}

/** One scenario's walk. */
type ScenarioHandler = (url: string, env: RunEnvironment) => Promise<void>;

/** What every handler is told about the run. */
interface RunEnvironment {
  readonly protocolVersion: string;
  readonly context: ScenarioContext;
  readonly log: (message: string) => void;
}

const CLIENT_INFO = { name: 'rxmcp-conformance-client', version: '1.0.0' } as const;

/**
 * The `server/discover` probe's bound in every scenario. The runner starts all its scenarios at
 * once, each mock server and client a process of its own, so on a loaded 2-core machine a probe
 * can wait longer than rxmcp's default 10 s before the mock answers (seen at load average 15–30);
 * the runner's own scenario timeout is what bounds a run.
 */
const PROBE_TIMEOUT_MS = 30_000;

/**
 * The connection options of every scenario: `mode: 'auto'`, rxmcp's default, so each run also
 * tests the negotiation: a `server/discover` probe, adopted by a 2026-07-28 mock, refused by a
 * handshake-era one (which then gets `initialize` on the same connection).
 */
function connectOptions(extra: ClientOptions): ClientOptions {
  return { mode: 'auto', clientInfo: CLIENT_INFO, requestTimeoutMs: 20_000, probeTimeoutMs: PROBE_TIMEOUT_MS, ...extra };
}

/**
 * Connects, checks that the negotiation landed in the era of the mock's spec version (a silent
 * fallback to the handshake would otherwise go unnoticed by scenarios that do not look), runs
 * `body`, and always closes the client.
 */
async function withClient(url: string, env: RunEnvironment, extra: ClientOptions, body: (client: Client) => Promise<void>): Promise<void> {
  await using client = await Client.connect(url, connectOptions(extra));
  env.log(`connected: ${client.era} era, protocol ${client.protocolVersion}, transport ${client.transport.kind}`);
  const expected = isModernProtocolVersion(env.protocolVersion) ? 'modern' : 'legacy';
  if (client.era !== expected) throw new Error(`negotiated the ${client.era} era (${client.protocolVersion}), but the mock speaks ${env.protocolVersion}`);
  await body(client);
}

/** Lists the tools (every page) and logs their names. */
async function listTools(client: Client, env: RunEnvironment): Promise<string[]> {
  const tools = await client.listAllTools();
  const names = tools.map((tool) => tool.name);
  env.log(`tools: ${names.join(', ') || '(none)'}`);
  return names;
}

/** Calls a tool and logs the text of its result. */
async function callTool(client: Client, env: RunEnvironment, name: string, args?: JsonObject): Promise<void> {
  const result = await client.callTool(name, args);
  const text = result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join(' ');
  env.log(`${name} → ${result.isError === true ? 'error: ' : ''}${text}`);
}


/** The client ID metadata document URL the runner's authorization servers accept (SEP-991). */
const CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';
const REDIRECT_URI = 'http://localhost:3000/callback';

/**
 * The headless user agent: GET the authorization URL without following its redirect, and hand
 * the `Location` (with `code`, `state`, `iss`) back to the provider, which checks it.
 */
async function followAuthorization(request: AuthorizationRequest): Promise<string> {
  const response = await fetch(request.url, { redirect: 'manual' });
  await response.body?.cancel();
  const location = response.headers.get('location');
  if (location === null) throw new Error(`the authorization endpoint answered ${response.status} without a redirect`);
  return new URL(location, request.url).href;
}

/**
 * Every interactive `auth/*` scenario: an `OAuthProvider` as the `auth` option does the whole
 * flow (discovery, registration, authorization, refresh, step-up) on the 401/403s of the walk;
 * the negative scenarios end with its typed refusal (and exit 1, which they allow).
 */
const authScenario: ScenarioHandler = (url, env) => {
  const { client_id: clientId, client_secret: clientSecret } = env.context;
  const auth = new OAuthProvider({
    redirectUri: REDIRECT_URI,
    authorize: followAuthorization,
    clientName: 'rxmcp-conformance-client',
    clientMetadataUrl: CLIENT_METADATA_URL,
    dpop: true, // DPoP-bound tokens where the AS supports them (auth/dpop*), bearer elsewhere
    ...(clientId !== undefined && { client: { clientId, ...(clientSecret !== undefined && { clientSecret }) } }),
  });
  auth.state$.subscribe((state) => env.log(`auth: ${state}`));
  return withClient(url, env, { auth }, async (client) => {
    const names = await listTools(client, env);
    if (names.includes('test-tool')) await callTool(client, env, 'test-tool', {});
  });
};

/**
 * The OAuth client credentials extension: a machine client, no user. `private_key_jwt` with the
 * context's PKCS#8 key (imported with jose), else `client_secret_basic` with its secret.
 */
const clientCredentialsScenario: ScenarioHandler = async (url, env) => {
  const { client_id: clientId, client_secret: clientSecret, private_key_pem: pem, signing_algorithm: alg } = env.context;
  if (clientId === undefined) throw new Error('the scenario context has no client_id');
  const privateKey = pem === undefined ? undefined : await importPKCS8(pem, alg ?? 'ES256');
  const auth = new OAuthProvider({
    grant: 'client_credentials',
    client: {
      clientId,
      ...(clientSecret !== undefined && { clientSecret, tokenEndpointAuthMethod: 'client_secret_basic' as const }),
      ...(privateKey !== undefined && { privateKey, tokenEndpointAuthMethod: 'private_key_jwt' as const }),
    },
  });
  return withClient(url, env, { auth }, async (client) => {
    await listTools(client, env);
  });
};

/** SEP-1933 workload identity: the workload's JWT is the assertion of the JWT bearer grant, a public client. */
const workloadIdentityScenario: ScenarioHandler = (url, env) => {
  const { client_id: clientId, valid_jwt: jwt } = env.context;
  if (clientId === undefined || jwt === undefined) throw new Error('the scenario context has no client_id or valid_jwt');
  const auth = new OAuthProvider({ grant: 'jwt_bearer', assertion: () => jwt, client: { clientId, tokenEndpointAuthMethod: 'none' } });
  return withClient(url, env, { auth }, async (client) => {
    await listTools(client, env);
  });
};

/** SEP-990: the ID token becomes an ID-JAG at the IdP (token exchange), which is the JWT bearer grant's assertion at the AS. */
const enterpriseScenario: ScenarioHandler = (url, env) => {
  const { client_id: clientId, client_secret: clientSecret, idp_client_id: idpClientId, idp_id_token: idToken, idp_issuer: idpIssuer, idp_token_endpoint: idpTokenEndpoint } = env.context;
  if (clientId === undefined || idpClientId === undefined || idToken === undefined || idpIssuer === undefined || idpTokenEndpoint === undefined) throw new Error('the scenario context lacks the IdP data');
  const auth = new OAuthProvider({
    grant: 'jwt_bearer',
    client: { clientId, ...(clientSecret !== undefined && { clientSecret, tokenEndpointAuthMethod: 'client_secret_basic' as const }) },
    assertion: ({ issuer, resource, scope }) => requestIdentityAssertion({ idpIssuer, idpTokenEndpoint, clientId: idpClientId, idToken, audience: issuer, resource, ...(scope !== undefined && { scope }) }),
  });
  return withClient(url, env, { auth }, async (client) => {
    await listTools(client, env);
  });
};

const scenarios: Record<string, ScenarioHandler> = {
  'auth/enterprise-managed-authorization': enterpriseScenario,
  'auth/wif-jwt-bearer': workloadIdentityScenario,
  'auth/client-credentials-jwt': clientCredentialsScenario,
  'auth/client-credentials-basic': clientCredentialsScenario,
  /** The handshake, a listing, and a clean close. */
  initialize: (url, env) =>
    withClient(url, env, {}, async (client) => {
      await listTools(client, env);
    }),

  /** List the tools, then call `add_numbers` with two numbers. */
  tools_call: (url, env) =>
    withClient(url, env, {}, async (client) => {
      await listTools(client, env);
      await callTool(client, env, 'add_numbers', { a: 5, b: 3 });
    }),

  /**
   * SEP-1034: accept the elicitation with empty content; rxmcp fills in the schema's defaults
   * before the answer goes back.
   */
  'elicitation-sep1034-client-defaults': (url, env) =>
    withClient(url, env, { elicitationCallback: () => ({ action: 'accept', content: {} }) }, async (client) => {
      await listTools(client, env);
      await callTool(client, env, 'test_client_elicitation_defaults', {});
    }),

  /**
   * SEP-1699: the server closes the call's stream after a priming event with `retry: 500`; the
   * transport resumes with GET and `Last-Event-ID` after that delay and gets the result there.
   */
  'sse-retry': (url, env) =>
    withClient(url, env, {}, async (client) => {
      await listTools(client, env);
      await callTool(client, env, 'test_reconnection', {});
    }),

  /**
   * SEP-2575: every request carries the envelope (version, client info, the capabilities the
   * callbacks imply) and a matching `MCP-Protocol-Version` header; a -32022 naming a version
   * rxmcp speaks is retried at that version.
   */
  'request-metadata': (url, env) =>
    withClient(
      url,
      env,
      {
        samplingCallback: () => ({ role: 'assistant', content: { type: 'text', text: 'unused' }, model: 'none' }),
        elicitationCallback: () => ({ action: 'decline' }),
        listRootsCallback: () => [],
      },
      async (client) => {
        await listTools(client, env);
      },
    ),

  /**
   * SEP-2322 (multi round-trip requests): each tool answers `input_required` with an elicitation;
   * rxmcp answers it through the callback and retries with a fresh id and the state echoed.
   */
  'sep-2322-client-request-state': (url, env) =>
    withClient(url, env, { elicitationCallback: () => ({ action: 'accept', content: { confirmed: true } }) }, async (client) => {
      const names = await listTools(client, env);
      for (const name of ['test_mrtr_echo_state', 'test_mrtr_unrelated', 'test_mrtr_no_state', 'test_mrtr_no_result_type']) {
        if (names.includes(name)) await callTool(client, env, name, {});
      }
    }),

  /** SEP-2243: `Mcp-Method` on every POST, `Mcp-Name` on calls, reads and prompt gets (each of them once). */
  'http-standard-headers': (url, env) =>
    withClient(url, env, {}, async (client) => {
      for (const name of await listTools(client, env)) await callTool(client, env, name, {});
      for (const resource of await client.listAllResources()) {
        const read = await client.readResource(resource.uri);
        env.log(`read ${resource.uri}: ${read.contents.length} content item(s)`);
      }
      for (const prompt of await client.listAllPrompts()) {
        const got = await client.getPrompt(prompt.name);
        env.log(`prompt ${prompt.name}: ${got.messages.length} message(s)`);
      }
    }),

  /** SEP-2243: mirror `x-mcp-header` parameters into `Mcp-Param-*` headers for the context's calls. */
  'http-custom-headers': (url, env) =>
    withClient(url, env, {}, async (client) => {
      await listTools(client, env);
      for (const call of env.context.toolCalls ?? []) await callTool(client, env, call.name, call.arguments ?? {});
    }),

  /** SEP-2243: tools with invalid `x-mcp-header` declarations are left out of the listing. */
  'http-invalid-tool-headers': (url, env) =>
    withClient(url, env, {}, async (client) => {
      client.warnings$.subscribe((warning) => env.log(`warning: ${warning.message}`));
      const names = await listTools(client, env);
      for (const name of names) await callTool(client, env, name, {});
    }),

  /** SEP-2106: list the tools; a network `$ref` in a schema is never fetched. */
  'json-schema-ref-no-deref': (url, env) =>
    withClient(url, env, {}, async (client) => {
      await listTools(client, env);
    }),

  /** Pass the focal tool's `inputSchema`, verbatim, to `json_schema_echo`. */
  'json-schema-2020-12-preservation': (url, env) =>
    withClient(url, env, {}, async (client) => {
      const tools = await client.listAllTools();
      env.log(`tools: ${tools.map((tool) => tool.name).join(', ')}`);
      const focal = tools.find((tool) => tool.name !== 'json_schema_echo');
      if (focal === undefined) throw new Error('no tool whose schema to echo');
      await callTool(client, env, 'json_schema_echo', { schema: focal.inputSchema as JsonObject });
    }),
};

/**
 * The skills scenarios (SEP-2640): list the skills (reading no file), then, except in
 * no-prefetch, load each (its SKILL.md read and verified) and read the rest of its files only
 * when the load verified; a SkillVerificationError is the expected refusal, logged.
 */
function skillsScenario(load: boolean): ScenarioHandler {
  // the mocks answer server/discover as well as initialize, so either era is right here
  return async (url, env) => {
    await using client = await Client.connect(url, connectOptions({ extensions: [skillsExtension()] }));
    env.log(`connected: ${client.era} era, protocol ${client.protocolVersion}`);
    {
      const skills = new Skills(client);
      if (!skills.available) throw new Error('the server does not declare the skills extension');
      const entries = await skills.list();
      env.log(`skills: ${entries.map((entry) => entry.uri).join(', ') || '(none)'}`);
      if (!load) return;
      for (const entry of entries) {
        try {
          const skill = await skills.load(entry.uri);
          env.log(`loaded ${entry.uri}`);
          if (entry.resources === 'dynamic') continue;
          for (const file of entry.resources) if (file.uri !== entry.uri) env.log(`read ${(await skill.read(file.uri)).uri}`);
        } catch (error) {
          if (!(error instanceof SkillVerificationError)) throw error;
          env.log(`refused ${entry.uri}: ${error.reason}: ${error.message}`);
        }
      }
    }
  };
}

/** Why a scenario has no handler. */
function handlerOf(scenario: string): ScenarioHandler | undefined {
  if (scenarios[scenario] !== undefined) return scenarios[scenario];
  if (scenario.startsWith('auth/')) return authScenario;
  if (scenario === 'sep-2640-client-no-prefetch') return skillsScenario(false);
  if (scenario.startsWith('sep-2640-client-verify-')) return skillsScenario(true);
  return undefined;
}

function unsupported(scenario: string): string {
  if (scenario.startsWith('sep-2640-')) return `not supported yet: '${scenario}' needs the skills extension (SEP-2640)`;
  return `no handler for scenario '${scenario}'`;
}

async function main(): Promise<number> {
  const url = process.argv.at(-1);
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
  const log = (message: string): void => console.error(`[${scenario}] ${message}`);
  if (url === undefined || !/^https?:/.test(url)) {
    console.error('usage: conformance-client <server-url>   (MCP_CONFORMANCE_SCENARIO names the scenario)');
    return 2;
  }
  const handler = handlerOf(scenario);
  if (handler === undefined) {
    log(unsupported(scenario));
    return 1;
  }
  try {
    const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as ScenarioContext;
    await handler(url, { protocolVersion: process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '2025-11-25', context, log });
    log('done');
    return 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
