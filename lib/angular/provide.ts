/**
 * The providers of a standalone Angular app: `provideMcpClient` for one server, `provideMcpGroup`
 * for several. Give them to `bootstrapApplication` (or a route's `providers`).
 */
import { makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import { InvalidOptionError } from '../protocol/errors.js';
import { MCP_CLIENT_CONFIG, MCP_GROUP_CONFIG, type McpClientConfig, type McpGroupConfig } from './config.js';
import { McpClientService } from './mcp-client.service.js';
import { McpGroupService } from './mcp-group.service.js';

/**
 * Provides {@link McpClientService} for `config.target`. The client connects when the service is
 * first injected in the browser, never during server rendering. Throws `InvalidOptionError`
 * (`target`) at once for a missing target, so a typo fails at bootstrap rather than at the first call.
 */
export function provideMcpClient(config: McpClientConfig): EnvironmentProviders {
  if (config === null || typeof config !== 'object' || config.target === undefined || config.target === null || config.target === '') {
    throw new InvalidOptionError('target', 'provideMcpClient: `target` must be a URL, a transport or an in-process server');
  }
  return makeEnvironmentProviders([
    { provide: MCP_CLIENT_CONFIG, useValue: config },
    { provide: McpClientService, useFactory: () => new McpClientService() },
  ]);
}

/**
 * Provides {@link McpGroupService}: a `ClientGroup` of `config.servers`, connected when the service
 * is first injected in the browser, never during server rendering. Throws `InvalidOptionError`
 * (`servers`) when `servers` is not an object.
 */
export function provideMcpGroup(config: McpGroupConfig): EnvironmentProviders {
  if (config === null || typeof config !== 'object' || config.servers === null || typeof config.servers !== 'object') {
    throw new InvalidOptionError('servers', 'provideMcpGroup: `servers` must be an object of server names to targets');
  }
  return makeEnvironmentProviders([
    { provide: MCP_GROUP_CONFIG, useValue: config },
    { provide: McpGroupService, useFactory: () => new McpGroupService() },
  ]);
}
