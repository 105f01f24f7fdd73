// `npm run stress`'s attacker, a process of its own: the attack of
// test/support/attack.ts against ENDPOINT, with the plan given as JSON.
//   attacker ENDPOINT PLAN   prints "ready" once the hogs hold every slot and a newcomer is admitted beside them;
//                            on "stop" (stdin) ends the attack and prints its counts and errors as JSON
import { createInterface } from 'node:readline';
import { Attack, untilNewcomerAdmitted, type AttackPlan } from '../test/support/attack.js';

const [endpoint, planText] = process.argv.slice(2);
const attack = new Attack(endpoint!, JSON.parse(planText!) as AttackPlan);
await attack.established;
// Full strength: the hogs hold every slot until one of theirs made no progress for a whole window (receiver.ts).
await untilNewcomerAdmitted(endpoint!);
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'stop') continue;
  const counts = { ...attack.counts };
  await attack.stop();
  process.stdout.write(`${JSON.stringify({ counts, errors: attack.errors })}\n`);
  break;
}
process.exit(0);
