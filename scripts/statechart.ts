// Prints the dialog machine as a Mermaid diagram; `npm run statechart` keeps the README's copy current.
import { amazonPayFlow } from '../flows/amazon-pay';
import { createDialogMachine } from '../src/core/machine';
import { toMermaid } from '../src/core/statechart';

process.stdout.write(`${toMermaid(createDialogMachine(amazonPayFlow))}\n`);
