import type { MODEL_OPERATIONS, MODEL_SHAPES } from './chime-sdk-voice-model.generated';

/**
 * The types of the generated model table (`chime-sdk-voice-model.generated.ts`), and the TypeScript
 * type of a value of each shape, derived from the table itself so that nothing is restated by hand.
 */

/** A structure member: its shape, and where it travels when it is not in the JSON body. */
export type ModelMember =
  | string
  | { readonly shape: string; readonly uri: string }
  | { readonly shape: string; readonly query: string };

export interface ModelShape {
  readonly type: 'structure' | 'string' | 'list' | 'map' | 'boolean' | 'integer' | 'float' | 'timestamp';
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern as written; AWS applies it to the whole value. */
  readonly pattern?: string;
  readonly sensitive?: boolean;
  readonly enum?: readonly string[];
  readonly member?: string;
  readonly key?: string;
  readonly value?: string;
  readonly members?: Readonly<Record<string, ModelMember>>;
  readonly required?: readonly string[];
  /** An exception's HTTP status. */
  readonly httpStatus?: number;
}

export interface ModelOperation {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** The model's `requestUri`, fixed query included (`…/credentials?operation=put`). */
  readonly requestUri: string;
  /** The model's `responseCode`, or 200 where it has none. */
  readonly successStatus: number;
  readonly input?: string;
  readonly output?: string;
}

export type ShapeName = keyof typeof MODEL_SHAPES;
export type OperationName = keyof typeof MODEL_OPERATIONS;

type Shapes = typeof MODEL_SHAPES;
type MemberShapeName<M> = M extends { readonly shape: infer S extends ShapeName } ? S : M extends ShapeName ? M : never;
type RequiredMembers<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

type StructureValue<Members, Required> = Simplify<
  { -readonly [K in keyof Members as K extends Required ? K : never]: ModelValue<MemberShapeName<Members[K]>> } & {
    -readonly [K in keyof Members as K extends Required ? never : K]?: ModelValue<MemberShapeName<Members[K]>>;
  }
>;

type ValueOfShape<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'string' | 'timestamp' }
    ? string
    : S extends { readonly type: 'integer' | 'float' }
      ? number
      : S extends { readonly type: 'boolean' }
        ? boolean
        : S extends { readonly type: 'list'; readonly member: infer M extends ShapeName }
          ? ModelValue<M>[]
          : S extends { readonly type: 'map'; readonly value: infer V extends ShapeName }
            ? Record<string, ModelValue<V>>
            : S extends { readonly type: 'structure'; readonly members: infer Members }
              ? StructureValue<Members, RequiredMembers<S>>
              : never;

/**
 * A value of the shape `N` as it travels in JSON (timestamps as ISO-8601 strings).
 *
 * @example
 * const route: ModelValue<'OriginationRoute'> = { Host: 'sbc1.example.com', Port: 5061, Protocol: 'TCP' };
 */
export type ModelValue<N extends ShapeName> = ValueOfShape<Shapes[N]>;

/** The input of an operation, URI labels and query parameters included, under their member names. */
export type OperationInput<O extends OperationName> = (typeof MODEL_OPERATIONS)[O] extends {
  readonly input: infer N extends ShapeName;
}
  ? ModelValue<N>
  : Record<string, never>;

/** The output of an operation; `undefined` for an operation that answers with no body. */
export type OperationOutput<O extends OperationName> = (typeof MODEL_OPERATIONS)[O] extends {
  readonly output: infer N extends ShapeName;
}
  ? ModelValue<N>
  : undefined;
