import { Argument, Command, CommanderError, Option } from 'commander';
import { TRANSITION_POLICIES } from '../../rules/publishing.js';
import { isMainModule } from '../cache-dir.js';
import { ExitCode, type Io, stdio } from './io.js';

// `certiflow` (scripts/certiflow.mjs, or `npx tsx scripts/cli/main.ts`): rule files and program documents
// kept in git, checked and published from a terminal or a CI pipeline. Exit codes: 0 ok, 1 invalid or failed, 2 usage.
// Each command's module is loaded when it runs, so a command pays only for what it uses.

export async function run(argv: string[], io: Io = stdio): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = new Command('certiflow')
    .description('Certiflow administration from the command line.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .showHelpAfterError('(certiflow --help for usage)');

  const rules = program.command('rules').description('Rule-set files: validate, compare, simulate and publish.');

  rules
    .command('validate')
    .description('Validate rule-set files against the schema and the fact catalog; exit 1 if any is invalid.')
    .argument('<file...>', 'rule-set JSON files')
    .action(async (files: string[]) => {
      code = await (await import('./rules.js')).validateCommand(files, io);
    });

  rules
    .command('diff')
    .description('What changed between two versions of a rule set, with JSON paths.')
    .argument('<old>', 'the older rule-set file')
    .argument('<new>', 'the newer rule-set file')
    .option('--json', 'print the diff as JSON')
    .action(async (older: string, newer: string, options: { json?: boolean }) => {
      code = await (await import('./rules.js')).diffCommand(older, newer, options, io);
    });

  rules
    .command('simulate')
    .description('Who would gain or lose eligibility under this file, among journeys in flight and past candidates.')
    .argument('<file>', 'the rule-set file (a draft of the next version)')
    .option('--as-of <date>', 'facts as of this date or instant (default: now)')
    .option('--database-url <url>', 'a PostgreSQL server (default: DATABASE_URL, else the embedded database in DATA_DIR)')
    .option('--json', 'print the report as JSON')
    .option('--fail-on-loss', 'exit 1 when anyone would lose eligibility')
    .action(async (file: string, options: { asOf?: string; databaseUrl?: string; json?: boolean; failOnLoss?: boolean }) => {
      code = await (await import('./rules.js')).simulateCommand(file, options, io);
    });

  rules
    .command('publish')
    .description('Ask to publish the file as the next version through the Certiflow API (CERTIFLOW_API_URL, CERTIFLOW_TOKEN); a second person approves.')
    .argument('<file>', 'the rule-set file; its version must be the next one')
    .requiredOption('--reason <text>', 'why the rules change; kept with the version')
    .addOption(new Option('--policy <policy>', 'what happens to journeys in flight').choices(TRANSITION_POLICIES).makeOptionMandatory())
    .option('--transition-period <duration>', 'ISO 8601 duration before journeys move (with --policy transition), e.g. P30D')
    .option('--review-period <duration>', 'ISO 8601 duration until the first periodic review (default P1Y)')
    .option('--api-url <url>', 'the Certiflow API (default: CERTIFLOW_API_URL, else http://localhost:4000)')
    .action(async (file: string, options: import('./publish.js').PublishOptions) => {
      code = await (await import('./publish.js')).publishCommand(file, options, io);
    });

  rules
    .command('approve')
    .description('Approve a requested publication as the second person (never its author or requester).')
    .argument('<draftId>', 'the draft waiting for approval')
    .option('--api-url <url>', 'the Certiflow API (default: CERTIFLOW_API_URL, else http://localhost:4000)')
    .action(async (draftId: string, options: { apiUrl?: string }) => {
      code = await (await import('./publish.js')).approveCommand(draftId, options, io);
    });

  const programs = program.command('programs').description('Program documents (YAML or JSON): validate, compare, plan and publish.');

  programs
    .command('validate')
    .description('Validate program documents (schema, references, thresholds, durations); exit 1 if any has an error.')
    .argument('<file...>', 'program documents')
    .option('--rules <dir>', 'rule-set files the documents may name (default: rules/sets when it exists)')
    .action(async (files: string[], options: { rules?: string }) => {
      code = await (await import('./programs.js')).validateProgramsCommand(files, options, io);
    });

  programs
    .command('diff')
    .description('What changed between two versions of a program, area by area, with JSON paths.')
    .argument('<old>', 'the older document')
    .argument('<new>', 'the newer document')
    .option('--json', 'print the diff as JSON')
    .action(async (older: string, newer: string, options: { json?: boolean }) => {
      code = await (await import('./programs.js')).diffProgramsCommand(older, newer, options, io);
    });

  programs
    .command('plan')
    .description('The change against the published version and who it affects, from the Certiflow API; exit 1 on problems.')
    .argument('<file>', 'the program document')
    .option('--api-url <url>', 'the Certiflow API (default: CERTIFLOW_API_URL, else http://localhost:4000)')
    .option('--json', 'print the plan as JSON')
    .action(async (file: string, options: { apiUrl?: string; json?: boolean }) => {
      code = await (await import('./programs.js')).planProgramCommand(file, options, io);
    });

  programs
    .command('apply')
    .description('Save the document as a draft and ask for its publication; a second person approves (CERTIFLOW_TOKEN).')
    .argument('<file>', 'the program document; its version must be the next one')
    .requiredOption('--reason <text>', 'why the program changes; kept with the version and sent to the people it reaches')
    .option('--policy <area=policy...>', 'for each changed area (rubric, evidence, timing, recertification): keep, transition or immediate')
    .option('--notice-period <duration>', 'ISO 8601 duration before a transition applies, e.g. P30D')
    .option('--effective-at <instant>', 'when the version takes effect (default: on approval)')
    .option('--api-url <url>', 'the Certiflow API (default: CERTIFLOW_API_URL, else http://localhost:4000)')
    .action(async (file: string, options: import('./programs.js').ApplyOptions) => {
      code = await (await import('./programs.js')).applyProgramCommand(file, options, io);
    });

  programs
    .command('approve')
    .description('Approve a requested version as the second person (never its author or requester).')
    .argument('<version>', '<programId>@<version>')
    .option('--api-url <url>', 'the Certiflow API (default: CERTIFLOW_API_URL, else http://localhost:4000)')
    .action(async (versionId: string, options: { apiUrl?: string }) => {
      code = await (await import('./programs.js')).approveProgramCommand(versionId, options, io);
    });

  program
    .command('import')
    .description('Import a CSV export through the API (CERTIFLOW_TOKEN of HR or an admin), all or nothing; exit 1 when the file is rejected.')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(['people', 'courses', 'certifications']))
    .argument('<file>', 'the CSV file (UTF-8 or UTF-16, comma, semicolon or tab)')
    .option('--mapping <file>', 'a mapping file (JSON): columns, dateFormat, delimiter, demographicsSource, attributes')
    .option('--dry-run', 'check and count everything, write nothing')
    .option('--json', 'print the result as JSON')
    .option('--api-url <url>', 'the Certiflow API (default: CERTIFLOW_API_URL, else http://localhost:4000)')
    .action(async (kind: string, file: string, options: import('./imports.js').ImportOptions) => {
      code = await (await import('./imports.js')).importCommand(kind, file, options, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    // Help and --version end with exit code 0; every other commander error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    io.err(`certiflow: ${(error as Error).message}`);
    return ExitCode.Failed;
  }
}

if (isMainModule(import.meta.url)) process.exitCode = await run(process.argv.slice(2));
