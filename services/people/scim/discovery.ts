import { MAX_PAGE } from './service.js';
import { SCHEMA } from './resources.js';

// What a provisioning client reads to learn this service (RFC 7644 §4, RFC 7643 §5-7): what it supports,
// its resource types and their schemas. Written from the same attribute lists the mapping uses.

type Attribute = {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'integer' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  uniqueness?: 'none' | 'server' | 'global';
  description: string;
  subAttributes?: Attribute[];
  referenceTypes?: string[];
};

function attribute(a: Attribute): Record<string, unknown> {
  return {
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...a,
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
  };
}

const USER_ATTRIBUTES: Attribute[] = [
  { name: 'userName', type: 'string', required: true, uniqueness: 'server', description: 'Sign-in name at the identity provider; unique.' },
  {
    name: 'name',
    type: 'complex',
    description: "The person's name.",
    subAttributes: [
      { name: 'formatted', type: 'string', description: 'Full name as displayed.' },
      { name: 'givenName', type: 'string', description: 'Given name.' },
      { name: 'familyName', type: 'string', description: 'Family name.' },
    ],
  },
  { name: 'displayName', type: 'string', description: 'Name shown in Certiflow.' },
  { name: 'title', type: 'string', description: 'Job title.' },
  { name: 'active', type: 'boolean', description: 'false when the person has left: their journeys end and reminders stop.' },
  {
    name: 'emails',
    type: 'complex',
    multiValued: true,
    required: true,
    description: 'The work email (the primary one is kept); Certiflow writes to it.',
    subAttributes: [
      { name: 'value', type: 'string', description: 'Address.' },
      { name: 'type', type: 'string', description: 'work' },
      { name: 'primary', type: 'boolean', description: 'The address used.' },
    ],
  },
  {
    name: 'groups',
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    description: 'Groups the person belongs to (change them through Groups).',
    subAttributes: [
      { name: 'value', type: 'string', mutability: 'readOnly', description: 'Group id.' },
      { name: 'display', type: 'string', mutability: 'readOnly', description: 'Group name.' },
    ],
  },
];

const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  { name: 'employeeNumber', type: 'string', description: 'HR employee number.' },
  { name: 'department', type: 'string', description: 'Department; panels are drawn across departments and analytics group by it.' },
  {
    name: 'manager',
    type: 'complex',
    description: 'The manager who approves enrolments; a change moves pending approvals to the new manager.',
    subAttributes: [{ name: 'value', type: 'string', description: "The manager's user id." }],
  },
];

const CERTIFLOW_ATTRIBUTES: Attribute[] = [
  { name: 'hireDate', type: 'string', description: 'Date hired (YYYY-MM-DD): the tenureMonths fact.' },
  { name: 'roleLevel', type: 'integer', description: 'Graded job level from 1: the roleLevel fact.' },
];

function schema(id: string, name: string, description: string, attributes: Attribute[]) {
  return { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'], id, name, description, attributes: attributes.map(attribute), meta: { resourceType: 'Schema', location: `/Schemas/${id}` } };
}

/** The schemas, with the admin-declared person attributes added to Certiflow's extension. */
export function schemas(declared: { name: string; type: string; description: string }[]) {
  const custom: Attribute[] = declared.map((d) => ({
    name: d.name,
    type: d.type === 'number' ? 'integer' : d.type === 'boolean' ? 'boolean' : 'string',
    multiValued: d.type === 'string[]',
    description: d.description,
  }));
  return [
    schema(SCHEMA.user, 'User', 'A person in the company', USER_ATTRIBUTES),
    schema(SCHEMA.group, 'Group', 'A group; its members take the Certiflow roles mapped to its name', [
      { name: 'displayName', type: 'string', required: true, uniqueness: 'server', description: 'Group name, the key of the role mapping.' },
      { name: 'members', type: 'complex', multiValued: true, description: 'Members (users).', subAttributes: [{ name: 'value', type: 'string', description: 'User id.' }] },
    ]),
    schema(SCHEMA.enterprise, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES),
    schema(SCHEMA.certiflow, 'CertiflowUser', 'What eligibility rules need from HR data', [...CERTIFLOW_ATTRIBUTES, ...custom]),
  ];
}

export function serviceProviderConfig(documentationUri: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: 'A provisioning token issued by a Certiflow admin (one per client, rotatable).', primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: '/ServiceProviderConfig' },
  };
}

export function resourceTypes() {
  return [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: SCHEMA.user,
      schemaExtensions: [
        { schema: SCHEMA.enterprise, required: false },
        { schema: SCHEMA.certiflow, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: '/ResourceTypes/User' },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      schema: SCHEMA.group,
      meta: { resourceType: 'ResourceType', location: '/ResourceTypes/Group' },
    },
  ];
}
