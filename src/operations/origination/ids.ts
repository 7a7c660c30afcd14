/** The Slack ids of the origination form. `registry.ts` checks them against every other operation's. */
export const OriginationIds = {
  callback: 'chime_origination',
  addRoute: 'origination_add_route',
  removeRoute: 'origination_remove_route',
  routeHost: 'route_host',
  routePort: 'route_port',
  routeProtocol: 'route_protocol',
  routePriority: 'route_priority',
  routeWeight: 'route_weight',
  /** Both the Disabled input's block and its radio buttons. */
  disabled: 'origination_disabled',
  addBlock: 'origination_add',
} as const;

export type RouteField = 'host' | 'port' | 'protocol' | 'priority' | 'weight';

/** Per-row input blocks: `route_<rowKey>_<field>`, and the row's header with its Remove button. */
export const routeFieldBlock = (rowKey: string, field: RouteField) => `route_${rowKey}_${field}`;
export const routeActionsBlock = (rowKey: string) => `route_${rowKey}_actions`;
