/**
 * Shape of the compact Kubernetes API field table generated at build time by
 * scripts/gen-api-table.mjs from the upstream API descriptions carried by
 * @kubernetes/client-node (one package version per Kubernetes minor).
 *
 * The table only holds the types reachable from the workload kinds we analyse
 * (Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob), so it stays small and loads fast.
 */

/** Kinds of scalar or container a field can hold. */
export type FieldKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'quantity' // resource.Quantity: string or number
  | 'intOrString' // intstr.IntOrString
  | 'dateTime'
  | 'object' // a named type: see `ref`
  | 'array' // items: see `items`
  | 'map' // string-keyed map: values see `items`
  | 'any'; // free-form (RawExtension, JSON)

export interface FieldType {
  kind: FieldKind;
  /** For kind 'object': the type name in `ApiTable.types`. */
  ref?: string;
  /** For 'array' and 'map': the element type. */
  items?: FieldType;
  /** int32 / int64 and the like, where upstream says. */
  format?: string;
}

export interface FieldDef {
  type: FieldType;
  /** Index into ApiTable.docs: the upstream description. */
  doc?: number;
  /** Allowed values where upstream lists them ("Possible enum values"). */
  enum?: string[];
  /** First Kubernetes minor ("1.28") whose data has the field; absent = all versions in the table. */
  since?: string;
  /** Last Kubernetes minor whose data has the field, when it was removed later. */
  until?: string;
  /** Upstream marks the field required. */
  required?: boolean;
}

export interface TypeDef {
  /** Index into ApiTable.docs: the type's upstream description. */
  doc?: number;
  fields: Record<string, FieldDef>;
}

export interface ApiTable {
  /** Kubernetes minors that have upstream data, ascending ("1.27", ...). */
  versions: string[];
  /** Which npm package version gave each Kubernetes minor's data. */
  sources: Record<string, string>;
  /** Type name (e.g. "V1Container") to its definition, merged over all versions. */
  types: Record<string, TypeDef>;
  /** Root type of each workload kind: { "Pod": "V1Pod", "CronJob": "V1CronJob", ... }. */
  roots: Record<string, string>;
  /** Deduplicated description strings. */
  docs: string[];
}
