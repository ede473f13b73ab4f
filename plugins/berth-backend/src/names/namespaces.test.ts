import { InputError } from '@backstage/errors';
import {
  assertUsableNamespace,
  defaultNamespace,
  RESERVED_NAMESPACES,
} from './namespaces';

describe('assertUsableNamespace', () => {
  it('accepts an ordinary namespace', () => {
    expect(() => assertUsableNamespace('shop-dev')).not.toThrow();
  });

  it.each(RESERVED_NAMESPACES)('refuses the reserved namespace %s', name => {
    expect(() => assertUsableNamespace(name)).toThrow(InputError);
    expect(() => assertUsableNamespace(name)).toThrow(
      `Namespace '${name}' is reserved by Kubernetes; choose a namespace of the environment's own`,
    );
  });

  it('refuses the kube- prefix', () => {
    expect(() => assertUsableNamespace('kube-shop')).toThrow(
      "Namespace 'kube-shop' starts with 'kube-', a prefix Kubernetes reserves for its own namespaces",
    );
  });

  it('refuses a name that is not a DNS label', () => {
    expect(() => assertUsableNamespace('Shop_Dev')).toThrow(
      "Namespace 'Shop_Dev' is not a valid DNS label (RFC 1123): it has upper-case letters",
    );
  });
});

describe('defaultNamespace', () => {
  it('joins project and environment', () => {
    expect(defaultNamespace('shop', 'dev')).toBe('shop-dev');
  });

  it('lower-cases the project name, as catalog names are case-insensitive', () => {
    expect(defaultNamespace('Shop', 'staging')).toBe('shop-staging');
  });

  it('accepts a result of exactly 63 characters', () => {
    const project = 'p'.repeat(58);
    expect(defaultNamespace(project, 'test')).toBe(`${project}-test`);
  });

  it('refuses a result longer than 63 characters', () => {
    const project = 'p'.repeat(60);
    expect(() => defaultNamespace(project, 'test')).toThrow(InputError);
    expect(() => defaultNamespace(project, 'test')).toThrow(
      `The default namespace '${project}-test' for environment 'test' of project '${project}' is 65 characters long, more than the 63 Kubernetes allows`,
    );
  });

  it('refuses a result that is reserved or not a DNS label', () => {
    expect(() => defaultNamespace('kube', 'system')).toThrow(
      "Cannot derive a namespace for environment 'system' of project 'kube': Namespace 'kube-system' is reserved by Kubernetes",
    );
    expect(() => defaultNamespace('my_shop', 'dev')).toThrow(
      "Cannot derive a namespace for environment 'dev' of project 'my_shop': Namespace 'my_shop-dev' is not a valid DNS label",
    );
  });
});
