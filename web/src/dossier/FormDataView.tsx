import { Descriptions, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../lib/format';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function enumTitle(schema: Json | undefined, value: unknown): string | null {
  if (!schema) return null;
  const options = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : []) as Json[];
  for (const o of options) if (isObject(o) && o.const === value && typeof o.title === 'string') return o.title;
  if (Array.isArray(schema.enum) && Array.isArray(schema.enumNames)) {
    const i = schema.enum.indexOf(value);
    if (i >= 0 && typeof schema.enumNames[i] === 'string') return schema.enumNames[i] as string;
  }
  return null;
}

function resolveRef(root: Json | undefined, schema: Json | undefined): Json | undefined {
  if (!schema || typeof schema.$ref !== 'string' || !root) return schema;
  const path = schema.$ref.replace(/^#\//, '').split('/');
  let node: unknown = root;
  for (const p of path) node = isObject(node) ? node[p] : undefined;
  return isObject(node) ? node : schema;
}

function Value({ value, schema, root }: { value: unknown; schema?: Json; root?: Json }) {
  const { t } = useTranslation();
  const s = resolveRef(root, schema);
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'boolean') return <>{value ? t('dossier.yes') : t('dossier.no')}</>;
  const title = enumTitle(s, value);
  if (title) return <>{title}</>;
  if (typeof value === 'string') {
    if (s?.format === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(value)) return <>{formatDate(value)}</>;
    if (s?.format === 'data-url' || value.startsWith('data:')) return <>{value.slice(5, value.indexOf(';'))}</>;
    return <span className="mc-multiline">{value}</span>;
  }
  if (Array.isArray(value)) {
    const itemSchema = s && isObject(s.items) ? (s.items as Json) : undefined;
    return (
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} schema={itemSchema} root={root} />
          </li>
        ))}
      </ol>
    );
  }
  if (isObject(value)) return <FormDataView data={value} schema={s} root={root} nested />;
  return <>{String(value)}</>;
}

/** Read-only rendering of e-form data, using the schema's titles when available. */
export function FormDataView({ data, schema, root, nested }: { data: Json | null | undefined; schema?: Json | null; root?: Json; nested?: boolean }) {
  const { t } = useTranslation();
  if (!data || Object.keys(data).length === 0) return <Typography.Text type="secondary">{t('dossier.noFormData')}</Typography.Text>;
  const rootSchema = root ?? schema ?? undefined;
  const properties = schema && isObject(schema.properties) ? (schema.properties as Json) : {};
  // Schema order first, then any extra keys.
  const keys = [...Object.keys(properties).filter((k) => k in data), ...Object.keys(data).filter((k) => !(k in properties))];
  const items: DescriptionsProps['items'] = keys.map((key) => {
    const propSchema = isObject(properties[key]) ? (properties[key] as Json) : undefined;
    const resolved = resolveRef(rootSchema ?? undefined, propSchema);
    const label = resolved && typeof resolved.title === 'string' ? resolved.title : key;
    return {
      key,
      label,
      span: isObject(data[key]) || Array.isArray(data[key]) ? 'filled' : undefined,
      children: <Value value={data[key]} schema={propSchema} root={rootSchema ?? undefined} />,
    };
  });
  return (
    <Descriptions
      size="small"
      bordered
      column={nested ? 1 : { xs: 1, sm: 1, md: 2 }}
      items={items}
      data-testid={nested ? undefined : 'form-data'}
    />
  );
}
