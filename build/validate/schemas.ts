/**
 * JSON Schemas (draft-07, checked with ajv) for the XSOAR content we ship, written from
 * demisto-sdk's pykwalify schemas (reference/xsoar.md §3.4) — the subset and the keys we use.
 * Unknown top-level keys are rejected so a typo does not silently drop a setting.
 */
export const APPROVED_CATEGORIES = [
  'Analytics & SIEM', 'Authentication & Identity Management', 'Case Management', 'Cloud Services',
  'Data Enrichment & Threat Intelligence', 'Database', 'Email', 'Endpoint', 'Forensics & Malware Analysis',
  'IT Services', 'Messaging and Conferencing', 'Network Security', 'Utilities', 'Vulnerability Management',
];
export const MARKETPLACES = ['xsoar', 'marketplacev2', 'xpanse', 'xsoar_saas', 'xsoar_on_prem', 'platform'];
const OUTPUT_TYPES = ['String', 'Number', 'Boolean', 'Date', 'Unknown'];
const VERSION = { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' };
const COMMONFIELDS = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: { type: 'string', minLength: 1 }, version: { type: 'integer' } },
};
const OUTPUT = {
  type: 'object',
  required: ['contextPath', 'description'],
  additionalProperties: false,
  properties: { contextPath: { type: 'string', minLength: 1 }, description: { type: 'string', minLength: 1 }, type: { enum: OUTPUT_TYPES } },
};
const ARGUMENT = {
  type: 'object',
  required: ['name', 'description'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 }, description: { type: 'string', minLength: 1 }, required: { type: 'boolean' },
    default: { type: 'boolean' }, isArray: { type: 'boolean' }, secret: { type: 'boolean' }, auto: { enum: ['PREDEFINED'] },
    predefined: { type: 'array', items: { type: 'string' } }, defaultValue: { type: 'string' }, deprecated: { type: 'boolean' },
  },
};
const MARKETPLACE_LIST = { type: 'array', minItems: 1, items: { enum: MARKETPLACES } };

export const integrationSchema = {
  $id: 'ioc-enrich/integration',
  type: 'object',
  required: ['commonfields', 'name', 'display', 'category', 'description', 'configuration', 'script'],
  additionalProperties: false,
  properties: {
    commonfields: COMMONFIELDS,
    name: { type: 'string', minLength: 1 },
    display: { type: 'string', minLength: 1 },
    category: { enum: APPROVED_CATEGORIES },
    description: { type: 'string', minLength: 1 },
    detaileddescription: { type: 'string' },
    image: { type: 'string', pattern: '^data:image/png;base64,' },
    sectionOrder: { type: 'array', items: { enum: ['Connect', 'Collect', 'Optimize'] } },
    configuration: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'type'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 }, display: { type: 'string' }, type: { enum: [0, 1, 4, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19] },
          required: { type: 'boolean' }, defaultvalue: { type: ['string', 'boolean', 'number'] }, options: { type: 'array', items: { type: 'string' } },
          additionalinfo: { type: 'string' }, hidden: { type: ['boolean', 'array'] }, section: { enum: ['Connect', 'Collect', 'Optimize'] },
          advanced: { type: 'boolean' }, displaypassword: { type: 'string' }, hiddenusername: { type: 'boolean' }, hiddenpassword: { type: 'boolean' },
        },
      },
    },
    script: {
      type: 'object',
      required: ['script', 'type'],
      properties: {
        script: { type: 'string' },
        type: { enum: ['javascript', 'python', 'powershell'] },
        isfetch: { type: 'boolean' }, runonce: { type: 'boolean' }, dockerimage: { type: 'string' }, subtype: { type: 'string' },
        commands: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'description'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1 }, description: { type: 'string', minLength: 1 },
              arguments: { type: 'array', items: ARGUMENT }, outputs: { type: 'array', items: OUTPUT },
              deprecated: { type: 'boolean' }, execution: { type: 'boolean' }, hidden: { type: 'boolean' }, timeout: { type: 'integer' }, polling: { type: 'boolean' },
            },
          },
        },
      },
    },
    fromversion: VERSION,
    toversion: VERSION,
    tests: { type: 'array', items: { type: 'string' } },
    marketplaces: MARKETPLACE_LIST,
    deprecated: { type: 'boolean' },
    beta: { type: 'boolean' },
  },
};

export const scriptSchema = {
  $id: 'ioc-enrich/script',
  type: 'object',
  required: ['commonfields', 'name', 'type', 'script'],
  additionalProperties: false,
  properties: {
    commonfields: COMMONFIELDS,
    name: { type: 'string', minLength: 1 },
    type: { enum: ['javascript', 'python', 'powershell'] },
    script: { type: 'string', minLength: 1 },
    tags: { type: 'array', items: { type: 'string' } },
    comment: { type: 'string', minLength: 1 },
    enabled: { type: 'boolean' },
    args: { type: 'array', items: ARGUMENT },
    outputs: { type: 'array', items: OUTPUT },
    scripttarget: { type: 'integer' },
    runonce: { type: 'boolean' },
    runas: { type: 'string' },
    timeout: { type: ['string', 'integer'] },
    dependson: { type: 'object' },
    subtype: { type: 'string' },
    dockerimage: { type: 'string' },
    fromversion: VERSION,
    toversion: VERSION,
    tests: { type: 'array', items: { type: 'string' } },
    marketplaces: MARKETPLACE_LIST,
  },
};

const VALUE = { type: 'object' };
const CLAUSE = {
  type: 'object',
  required: ['operator', 'left'],
  properties: { operator: { type: 'string', minLength: 1 }, left: { type: 'object', required: ['value'] }, right: { type: 'object', required: ['value'] }, ignorecase: { type: 'boolean' } },
};

export const playbookSchema = {
  $id: 'ioc-enrich/playbook',
  type: 'object',
  required: ['id', 'version', 'name', 'description', 'starttaskid', 'tasks', 'view', 'fromversion'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    version: { type: 'integer' },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    starttaskid: { type: 'string', pattern: '^[0-9]+$' },
    view: { type: 'string' },
    fromversion: VERSION,
    toversion: VERSION,
    tests: { type: 'array', items: { type: 'string' } },
    marketplaces: MARKETPLACE_LIST,
    quiet: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    inputs: {
      type: 'array',
      items: { type: 'object', required: ['key', 'value', 'description'], properties: { key: { type: 'string', minLength: 1 }, value: VALUE, required: { type: 'boolean' }, description: { type: 'string' } } },
    },
    outputs: {
      type: 'array',
      items: { type: 'object', required: ['contextPath'], properties: { contextPath: { type: 'string', minLength: 1 }, description: { type: 'string' }, type: { type: 'string' } } },
    },
    tasks: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[0-9]+$' },
      additionalProperties: {
        type: 'object',
        required: ['id', 'taskid', 'type', 'task', 'view'],
        properties: {
          id: { type: 'string', pattern: '^[0-9]+$' },
          taskid: { type: 'string' },
          type: { enum: ['start', 'regular', 'condition', 'playbook', 'title', 'section', 'standard', 'collection'] },
          task: {
            type: 'object',
            required: ['id', 'version', 'name', 'iscommand', 'brand'],
            properties: {
              id: { type: 'string' }, version: { type: 'integer' }, name: { type: 'string' }, description: { type: 'string' },
              iscommand: { type: 'boolean' }, brand: { type: 'string' }, script: { type: 'string' }, scriptName: { type: 'string' }, playbookName: { type: 'string' },
            },
          },
          nexttasks: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', pattern: '^[0-9]+$' } } },
          scriptarguments: { type: 'object', additionalProperties: VALUE },
          conditions: {
            type: 'array',
            items: { type: 'object', required: ['label', 'condition'], properties: { label: { type: 'string', minLength: 1 }, condition: { type: 'array', items: { type: 'array', items: CLAUSE } } } },
          },
          view: { type: 'string' },
          continueonerror: { type: 'boolean' },
          continueonerrortype: { enum: ['', 'errorPath'] },
          separatecontext: { type: 'boolean' },
          quietmode: { type: 'integer' },
          reputationcalc: { type: 'integer', minimum: 0, maximum: 3 },
        },
      },
    },
  },
};

export const packMetadataSchema = {
  $id: 'ioc-enrich/pack-metadata',
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    support: { enum: ['xsoar', 'partner', 'developer', 'community'] },
    currentVersion: VERSION,
    author: { type: 'string', minLength: 1 },
    url: { type: 'string', pattern: '^https?://' },
    email: { type: 'string' },
    created: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$' },
    categories: { type: 'array', items: { enum: APPROVED_CATEGORIES } },
    tags: { type: 'array', items: { type: 'string' } },
    useCases: { type: 'array', items: { type: 'string' } },
    keywords: { type: 'array', items: { type: 'string' } },
    marketplaces: MARKETPLACE_LIST,
    dependencies: { type: 'object' },
  },
};
