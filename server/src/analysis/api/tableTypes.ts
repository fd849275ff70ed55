/**
 * Shape of the compact Kubernetes API field table that scripts/gen-api-table.ts
 * generates from the OpenAPI v3 documents of each Kubernetes release (one
 * release of k8s.io/kubernetes per minor); the generated file is committed.
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
  /** Index into ApiTable.docs: the field's own upstream description. */
  doc?: number;
  /** Allowed values where upstream lists them (an `enum` array, or the values its description names), over all versions. */
  enum?: string[];
  /** Enum value -> first Kubernetes minor whose data lists it, for values not listed by every minor that lists values. */
  enumSince?: Record<string, string>;
  /** Enum value -> last Kubernetes minor whose data lists it, for values later releases no longer list. */
  enumUntil?: Record<string, string>;
  /** First Kubernetes minor ("1.28") whose data has the field; absent = all versions in the table. */
  since?: string;
  /** Last Kubernetes minor whose data has the field, when it was removed later. */
  until?: string;
  /** Upstream marks the field required. */
  required?: boolean;
  /**
   * The default the OpenAPI document states for the field (newest release that
   * states one), when it is not merely the zero value of the type. Few fields
   * have one: most defaults are applied by the API server's defaulting code,
   * which the documents do not describe.
   */
  default?: unknown;
}

export interface TypeDef {
  /** Index into ApiTable.docs: the type's upstream description. */
  doc?: number;
  fields: Record<string, FieldDef>;
}

export interface ApiTable {
  /** Kubernetes minors that have upstream data, ascending ("1.27", ...). */
  versions: string[];
  /** Which release gave each Kubernetes minor's data ("k8s.io/kubernetes@v1.37.2"). */
  sources: Record<string, string>;
  /** Type name (e.g. "V1Container") to its definition, merged over all versions. */
  types: Record<string, TypeDef>;
  /** Root type of each workload kind: { "Pod": "V1Pod", "CronJob": "V1CronJob", ... }. */
  roots: Record<string, string>;
  /** Deduplicated description strings. */
  docs: string[];
}
