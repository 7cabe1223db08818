import { Scenario } from '../scenario';

/**
 * 6. Workers in network namespaces (`ip netns`, a veth pair) reach the suite's PostgreSQL and
 * Redis only over the virtual link, sharing one batch with a local worker. Not written yet.
 */
export const twoHosts: Scenario = {
  id: '6',
  title: 'two "hosts" (network namespaces) share a batch',
  async run(_ctx, result) {
    result.status = 'not run';
    result.problems.push('not implemented yet (issue #6 follow-up)');
  },
};
