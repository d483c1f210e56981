import { type Filter, parse } from 'scim2-parse-filter';
import type { Prisma } from '../../../prisma/client.js';
import { SCHEMA, ScimError } from './resources.js';

// SCIM filters (RFC 7644 §3.4.2.2) as database queries. The filter is parsed by scim2-parse-filter;
// here each attribute a provider filters on is mapped to its column, so a directory of thousands is
// searched by the database, not loaded and tested one by one. An attribute not listed is refused with
// invalidFilter rather than answered wrongly.

type Where = Prisma.PersonWhereInput | Prisma.DirectoryGroupWhereInput;
type Column = { field: string; caseExact: boolean } | { boolean: 'active' };

const USER_COLUMNS: Record<string, Column> = {
  id: { field: 'id', caseExact: true },
  externalid: { field: 'externalId', caseExact: true },
  username: { field: 'userName', caseExact: false },
  displayname: { field: 'name', caseExact: false },
  'name.formatted': { field: 'name', caseExact: false },
  'name.givenname': { field: 'givenName', caseExact: false },
  'name.familyname': { field: 'familyName', caseExact: false },
  emails: { field: 'email', caseExact: false },
  'emails.value': { field: 'email', caseExact: false },
  title: { field: 'title', caseExact: false },
  active: { boolean: 'active' },
  [`${SCHEMA.enterprise}:employeenumber`.toLowerCase()]: { field: 'employeeNumber', caseExact: true },
  [`${SCHEMA.enterprise}:department`.toLowerCase()]: { field: 'department', caseExact: false },
  [`${SCHEMA.enterprise}:manager.value`.toLowerCase()]: { field: 'managerId', caseExact: true },
};

const GROUP_COLUMNS: Record<string, Column> = {
  id: { field: 'id', caseExact: true },
  externalid: { field: 'externalId', caseExact: true },
  displayname: { field: 'displayName', caseExact: false },
};

/** A filter on Users: userName (the core schema's prefix may be written), emails, externalId, active… */
export function userWhere(filter: string | undefined): Prisma.PersonWhereInput {
  return filter ? (translate(parseFilter(filter), 'user') as Prisma.PersonWhereInput) : {};
}

export function groupWhere(filter: string | undefined): Prisma.DirectoryGroupWhereInput {
  return filter ? (translate(parseFilter(filter), 'group') as Prisma.DirectoryGroupWhereInput) : {};
}

function parseFilter(filter: string): Filter {
  try {
    return parse(filter);
  } catch (error) {
    throw new ScimError(400, `The filter ${JSON.stringify(filter)} is not valid SCIM filter syntax: ${(error as Error).message}`, 'invalidFilter');
  }
}

/** `urn:…:core:2.0:User:userName` and `userName` are the same attribute; names are case-insensitive. */
function attributeKey(path: string, kind: 'user' | 'group'): string {
  const core = `${kind === 'user' ? SCHEMA.user : SCHEMA.group}:`.toLowerCase();
  const lower = path.toLowerCase();
  return lower.startsWith(core) ? lower.slice(core.length) : lower;
}

function translate(filter: Filter, kind: 'user' | 'group'): Where {
  switch (filter.op) {
    case 'and':
      return { AND: filter.filters.map((f) => translate(f, kind)) } as Where;
    case 'or':
      return { OR: filter.filters.map((f) => translate(f, kind)) } as Where;
    case 'not':
      return { NOT: translate(filter.filter, kind) } as Where;
    case '[]': {
      // emails[type eq "work"].value style: Certiflow keeps one (work) email, so the inner filter on
      // type/primary is accepted and the comparison applies to the address.
      const inner = filter.valFilter;
      if (filter.attrPath.toLowerCase() === 'emails' && inner.op === 'eq' && /^(value)$/i.test(inner.attrPath)) {
        return compare({ ...inner, attrPath: 'emails.value' }, kind);
      }
      if (kind === 'group' && filter.attrPath.toLowerCase() === 'members' && inner.op === 'eq' && /^value$/i.test(inner.attrPath)) {
        return { members: { some: { personId: String(inner.compValue) } } };
      }
      throw new ScimError(400, `Filtering on ${filter.attrPath}[…] is not supported.`, 'invalidFilter');
    }
    case 'pr':
      return present(filter.attrPath, kind);
    default:
      return compare(filter, kind);
  }
}

function column(path: string, kind: 'user' | 'group'): Column {
  const columns = kind === 'user' ? USER_COLUMNS : GROUP_COLUMNS;
  const found = columns[attributeKey(path, kind)];
  if (!found) throw new ScimError(400, `Filtering on "${path}" is not supported; filter on ${Object.keys(columns).join(', ')}.`, 'invalidFilter');
  return found;
}

function present(path: string, kind: 'user' | 'group'): Where {
  const target = column(path, kind);
  if ('boolean' in target) return {};
  return { AND: [{ [target.field]: { not: null } }, { NOT: { [target.field]: '' } }] } as Where;
}

function compare(filter: Extract<Filter, { compValue: unknown }>, kind: 'user' | 'group'): Where {
  if (kind === 'group' && /^members(\.value)?$/i.test(filter.attrPath) && filter.op === 'eq') {
    return { members: { some: { personId: String(filter.compValue) } } };
  }
  const target = column(filter.attrPath, kind);
  if ('boolean' in target) {
    if (filter.op !== 'eq' && filter.op !== 'ne') throw new ScimError(400, `active can only be compared with eq or ne.`, 'invalidFilter');
    const wanted = filter.compValue === true || String(filter.compValue).toLowerCase() === 'true';
    const active = filter.op === 'eq' ? wanted : !wanted;
    return active ? { leftAt: null } : { leftAt: { not: null } };
  }
  if (typeof filter.compValue !== 'string') {
    throw new ScimError(400, `${filter.attrPath} is compared with a string, not ${JSON.stringify(filter.compValue)}.`, 'invalidFilter');
  }
  const value = filter.compValue;
  const mode = target.caseExact ? {} : { mode: 'insensitive' as const };
  const condition: Record<string, unknown> = (() => {
    switch (filter.op) {
      case 'eq':
        return { equals: value, ...mode };
      case 'ne':
        return { not: { equals: value, ...mode } };
      case 'co':
        return { contains: value, ...mode };
      case 'sw':
        return { startsWith: value, ...mode };
      case 'ew':
        return { endsWith: value, ...mode };
      case 'gt':
        return { gt: value };
      case 'ge':
        return { gte: value };
      case 'lt':
        return { lt: value };
      case 'le':
        return { lte: value };
    }
  })();
  // userName falls back to the email for people provisioned before they had one.
  if (target.field === 'userName') return { OR: [{ userName: condition }, { userName: null, email: condition }] } as Where;
  return { [target.field]: condition } as Where;
}
