import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS, parseMapping, readCsvRows } from '../../services/people/csv/rows.js';

describe('readCsvRows: reading the file', () => {
  it('strips a UTF-8 BOM, from a string and from a Buffer', () => {
    const text = '\uFEFFEmail,Name\nada@example.com,Ada Lovelace\n';
    for (const input of [text, Buffer.from(text, 'utf8')]) {
      const { rows, problems, columns } = readCsvRows('people', input);
      expect(problems).toEqual([]);
      expect(columns).toEqual(['Email', 'Name']);
      expect(rows).toEqual([{ row: 2, email: 'ada@example.com', name: 'Ada Lovelace' }]);
    }
  });

  it('detects semicolons and tabs from the header line', () => {
    const semi = readCsvRows('people', 'E-mail;Full Name;Department\nada@example.com;Lovelace, Ada;R&D\n');
    expect(semi.problems).toEqual([]);
    expect(semi.rows).toEqual([{ row: 2, email: 'ada@example.com', name: 'Lovelace, Ada', department: 'R&D' }]);
    const tab = readCsvRows('courses', 'email\tcourse_code\tcompleted at\nada@example.com\tSAFE-101\t2025-03-04\n');
    expect(tab.rows).toEqual([{ row: 2, email: 'ada@example.com', courseCode: 'SAFE-101', completedAt: '2025-03-04' }]);
  });

  it('keeps quoted newlines and doubled quotes, and numbers later rows by the line they start on (LF and CRLF)', () => {
    const lf = 'Email,Name,Job Title\na@example.com,"Ada ""Countess"" Lovelace","Analyst\nEngines"\nb@example.com,Bob,\n\nc@example.com,,\n';
    for (const text of [lf, lf.replaceAll('\n', '\r\n')]) {
      const { rows, problems } = readCsvRows('people', text);
      expect(rows[0]).toMatchObject({ row: 2, name: 'Ada "Countess" Lovelace' });
      expect(rows[0]?.title).toMatch(/^Analyst\r?\nEngines$/);
      expect(rows[1]).toMatchObject({ row: 4, email: 'b@example.com', name: 'Bob' });
      expect(problems).toEqual([{ row: 6, column: 'Name', message: expect.stringContaining('name is empty') }]);
    }
  });

  it('ignores blank trailing lines and lines of empty fields', () => {
    const { rows, problems } = readCsvRows('people', 'Email,Name\r\na@example.com,A\r\n,\r\n\r\n\r\n');
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(1);
  });

  it('reports a row with the wrong number of fields and keeps checking the others', () => {
    const { rows, problems } = readCsvRows('people', 'Email,Name\na@example.com,A,extra\nb@example.com\nc@example.com,C\n');
    expect(problems).toEqual([
      { row: 2, message: 'this row has 3 fields but the header has 2: check for an unquoted delimiter or a missing value' },
      { row: 3, message: expect.stringContaining('1 fields but the header has 2') },
    ]);
    expect(rows.map((r) => r.email)).toEqual(['c@example.com']);
  });

  it('reports broken quoting on its line instead of throwing', () => {
    const { problems } = readCsvRows('people', 'Email,Name\na@example.com,Ada "the" Countess\nb@example.com,"Bob"x\nc@example.com,C\n');
    expect(problems[0]).toMatchObject({ row: 2, message: expect.stringContaining('quote inside an unquoted field') });
    expect(problems[1]).toMatchObject({ row: 3, message: expect.stringContaining('after a closing quote') });
  });

  it('reports an empty file', () => {
    expect(readCsvRows('people', '').problems).toEqual([{ row: 1, message: expect.stringContaining('the file is empty') }]);
  });
});

describe('readCsvRows: columns', () => {
  it('reports a missing required column once, on the header row, with the headers found', () => {
    const { rows, problems } = readCsvRows('courses', 'Email,Course\na@example.com,SAFE-101\n');
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ row: 1, message: expect.stringMatching(/missing required column completedAt .*headers found: "Email", "Course"/) }]);
  });

  it('lets the mapping name columns the aliases do not know, and override the ones they do', () => {
    const mapping = { columns: { 'Correo electrónico': 'email', Nombre: 'name', 'Email': 'managerEmail' } };
    const { rows, problems } = readCsvRows('people', 'Correo electrónico,Nombre,Email\nA@Example.com ,Ana,boss@example.com\n', mapping);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ row: 2, email: 'a@example.com', name: 'Ana', managerEmail: 'boss@example.com' }]);
  });

  it('ignores unknown columns unless the mapping keeps them as attributes', () => {
    const text = 'Email,Name,Cost Centre,Shoe Size\na@example.com,A,CC-9,\n';
    expect(readCsvRows('people', text).rows[0]).not.toHaveProperty('attributes');
    expect(readCsvRows('people', text, { attributes: ['cost centre', 'Shoe Size'] }).rows[0]?.attributes).toEqual({ 'cost centre': 'CC-9' });
  });

  it('refuses demographic columns without a recorded source, with one problem on the header row', () => {
    const text = 'Email,Name,Gender,Age Band\na@example.com,A,female,30-39\nb@example.com,B,Prefer not to say,\n';
    const refused = readCsvRows('people', text);
    expect(refused.problems).toEqual([
      { row: 1, message: 'demographic columns (Gender, Age Band) need `demographicsSource` in the mapping: demographics are imported only with a recorded source' },
    ]);
    expect(refused.rows[0]).not.toHaveProperty('demographics');
    const kept = readCsvRows('people', text, { demographicsSource: 'HR consent form 2025' });
    expect(kept.problems).toEqual([]);
    expect(kept.rows.map((r) => r.demographics)).toEqual([
      { gender: 'female', ageBand: '30-39' },
      { gender: null, ageBand: null },
    ]);
  });
});

describe('readCsvRows: values', () => {
  const course = (date: string, dateFormat?: 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY') =>
    readCsvRows('courses', `Email,Course Code,Completion Date\na@example.com,SAFE-101,${date}\n`, dateFormat ? { dateFormat } : {});

  it('reads ISO dates and timestamps without a declared format', () => {
    expect(course('2025-03-04').rows[0]?.completedAt).toBe('2025-03-04');
    expect(course('2025-03-04T09:30:00+01:00').rows[0]?.completedAt).toBe('2025-03-04T08:30:00.000Z');
    expect(course('2025-03-04 09:30').problems[0]?.message).toContain('has no time zone');
  });

  it('reads each declared local date format', () => {
    expect(course('03/04/2025', 'DD/MM/YYYY').rows[0]?.completedAt).toBe('2025-04-03');
    expect(course('03/04/2025', 'MM/DD/YYYY').rows[0]?.completedAt).toBe('2025-03-04');
    expect(course('3.4.2025', 'DD.MM.YYYY').rows[0]?.completedAt).toBe('2025-04-03');
    expect(course('03.04.2025', 'DD/MM/YYYY').problems[0]?.message).toContain('does not match the declared dateFormat DD/MM/YYYY');
  });

  it('refuses an undeclared slash date as ambiguous, even when a part is over 12', () => {
    for (const date of ['03/04/2025', '25/04/2025']) {
      expect(course(date).problems).toEqual([
        { row: 2, column: 'Completion Date', message: `ambiguous date ${date}: declare dateFormat in the mapping (DD/MM/YYYY or MM/DD/YYYY)` },
      ]);
    }
  });

  it('refuses impossible dates', () => {
    expect(course('2025-02-30').problems[0]?.message).toBe('impossible date 2025-02-30: February 2025 has 28 days');
    expect(course('2024-02-29').problems).toEqual([]);
    expect(course('25/04/2025', 'MM/DD/YYYY').problems[0]?.message).toContain('there is no month 25');
  });

  it('reports a duplicate email on the later row, naming the earlier one', () => {
    const text = 'Email,Name\na@example.com,A\nb@example.com,B\nc@example.com,C\nd@example.com,D\n A@EXAMPLE.com,A again\n';
    const { rows, problems } = readCsvRows('people', text);
    expect(problems).toEqual([{ row: 6, column: 'Email', message: 'duplicate of row 2: a@example.com appears twice' }]);
    expect(rows).toHaveLength(4);
  });

  it('reports a duplicate (email, code) in courses and certifications', () => {
    const courses = readCsvRows('courses', 'Email,Course ID,Completed\na@example.com,X,2025-01-01\na@example.com,Y,2025-01-01\na@example.com,X,2025-02-01\n');
    expect(courses.problems).toEqual([{ row: 4, column: 'Course ID', message: expect.stringContaining('duplicate of row 2') }]);
    const certs = readCsvRows('certifications', 'Email,Certification,Issue Date,Expiry Date\na@example.com,AWS,2024-01-01,\na@example.com,AWS,2024-01-01,2027-01-01\n');
    expect(certs.rows).toEqual([{ row: 2, email: 'a@example.com', code: 'AWS', issuedAt: '2024-01-01', expiresAt: null }]);
    expect(certs.problems).toEqual([{ row: 3, column: 'Certification', message: expect.stringContaining('duplicate of row 2') }]);
  });

  it('checks emails, role levels, status and names, collecting every problem', () => {
    const text = 'Work Email,First Name,Surname,Grade,Status,Manager Email,Start Date\nnot-an-email,Ada,L,0,on leave,,2025-01-01\nb@example.com,Bob,Ross,3,Terminated,,\n';
    const { rows, problems } = readCsvRows('people', text);
    expect(problems.map((p) => [p.row, p.column])).toEqual([[2, 'Work Email'], [2, 'Grade'], [2, 'Status']]);
    expect(rows).toEqual([{ row: 3, email: 'b@example.com', name: 'Bob Ross', givenName: 'Bob', familyName: 'Ross', roleLevel: 3, active: false, managerEmail: null }]);
  });

  it(`caps the problems at ${MAX_PROBLEMS} and says how many more there are`, () => {
    const text = `Email,Name\n${'bad,X\n'.repeat(MAX_PROBLEMS + 5)}`;
    const { problems } = readCsvRows('people', text);
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems.at(-1)?.message).toBe(`5 more problems not listed (only the first ${MAX_PROBLEMS} are)`);
  });
});

describe('parseMapping', () => {
  it('accepts a valid mapping', () => {
    expect(parseMapping('{"columns":{"Mail":"email"},"dateFormat":"DD/MM/YYYY","delimiter":";","attributes":["Site"]}')).toEqual({
      ok: true,
      value: { columns: { Mail: 'email' }, dateFormat: 'DD/MM/YYYY', delimiter: ';', attributes: ['Site'] },
    });
  });

  it('names the JSON path of each problem', () => {
    const result = parseMapping('{"columns":{"Work Mail":"e-mail"},"dateFormat":"D/M/Y","dateformat":"x","attributes":["ok",""]}');
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.columns\["Work Mail"\]: /),
        expect.stringMatching(/^\$\.dateFormat: /),
        expect.stringMatching(/^\$\.dateformat: unknown setting/),
        expect.stringMatching(/^\$\.attributes\[1\]: /),
      ]),
    );
  });

  it('reports JSON that does not parse', () => {
    expect(parseMapping('{"columns": ')).toEqual({ ok: false, problems: [{ row: 0, message: expect.stringContaining('not valid JSON') }] });
  });
});
