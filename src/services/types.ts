/** The member acting, as services need it: enough to scope, date and audit a change. */
export interface Actor {
  territoryId: string;
  memberId: string;
  timezone: string;
}
