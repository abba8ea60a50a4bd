/**
 * The sandbox's two accounts behind the STS stand-in, and a demo policy in which one sandbox user is refused the
 * finance account. A TypeScript string rather than a .yml file so the built sandbox (dist/) carries it; the
 * sandbox can load it with parseAccountsConfig. Not wired into start-up yet.
 */
import { DEFAULT_USER_ID, OTHER_USER_ID } from '../slack/state';
import type { StandInRole } from './server';

export const DEMO_PROD_ROLE = 'acs:ram::1234567890123456:role/mirrors-read';
export const DEMO_FINANCE_ROLE = 'acs:ram::6543210987654321:role/mirrors-read';

/** Both roles trust every base key the stand-in knows (the sandbox's own). */
export const DEMO_ROLES: readonly StandInRole[] = [{ arn: DEMO_PROD_ROLE }, { arn: DEMO_FINANCE_ROLE }];

/** Alex (the default sandbox user) may see both accounts; Sam sees prod and is refused finance. */
export const DEMO_MIRRORS_YML = `# The sandbox's demo accounts and policy (see README, "Sandbox").
accounts:
  - name: prod
    role_arn: ${DEMO_PROD_ROLE}
    regions: [cn-hongkong, cn-shanghai, ap-southeast-1]
    default: true
  - name: finance
    role_arn: ${DEMO_FINANCE_ROLE}
    regions: [cn-hangzhou, cn-hongkong]
access:
  - name: network-team
    users: [${DEFAULT_USER_ID}]
  - name: everyone-on-prod
    accounts: [prod]
`;

export const DEMO_ALLOWED_USER = DEFAULT_USER_ID;
export const DEMO_REFUSED_USER = OTHER_USER_ID;
