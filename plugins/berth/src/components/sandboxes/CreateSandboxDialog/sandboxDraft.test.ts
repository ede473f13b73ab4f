import { emptyFork } from '../forks/forkDraft';
import {
  emptySandboxDraft,
  isSendable,
  sandboxDraftErrors,
  toCreateSandboxRequest,
} from './sandboxDraft';

describe('sandbox drafts', () => {
  it('wants a name and at least one fork', () => {
    const errors = sandboxDraftErrors(emptySandboxDraft());
    expect(errors.name).toBe('Name is required');
    expect(errors.forks).toBe('Pick at least one service to fork');
    expect(isSendable(errors)).toBe(false);
  });

  it('wants a DNS label of at most 30 characters as the name', () => {
    const draft = { ...emptySandboxDraft(), forks: [emptyFork('cart')] };
    expect(sandboxDraftErrors({ ...draft, name: 'Alice' }).name).toBe(
      'Name must be lower-case (try "alice")',
    );
    expect(sandboxDraftErrors({ ...draft, name: 'a'.repeat(31) }).name).toBe(
      'Name is 31 characters long; at most 30 are allowed',
    );
    expect(isSendable(sandboxDraftErrors({ ...draft, name: 'alice' }))).toBe(
      true,
    );
  });

  it('checks the TTL and every fork field', () => {
    const errors = sandboxDraftErrors({
      name: 'alice',
      ttlHours: '1.5',
      forks: [
        {
          service: 'cart',
          revision: '0',
          values: '- a list',
          images: [{ name: '', image: 'ghcr.io/acme/cart:2' }],
          set: 'image.tag=2\nbroken',
        },
      ],
    });
    expect(errors.ttlHours).toBe(
      'The time to live is a whole number of hours, at least 1',
    );
    expect(errors.fork.cart).toEqual({
      revision: 'The revision is a whole number, at least 1',
      values: 'Values must be a YAML mapping (key: value)',
      images: 'Name the image to replace with ghcr.io/acme/cart:2',
      set: 'Line 2 is not key=value: broken',
    });
    expect(isSendable(errors)).toBe(false);
  });

  it("starts at the base's default TTL and refuses more than its maximum", () => {
    const ttl = { defaultHours: 8, maxHours: 72 };
    const draft = {
      ...emptySandboxDraft(ttl),
      name: 'alice',
      forks: [emptyFork('cart')],
    };
    expect(draft.ttlHours).toBe('8');
    expect(emptySandboxDraft().ttlHours).toBe('');
    expect(
      sandboxDraftErrors({ ...draft, ttlHours: '73' }, undefined, 72).ttlHours,
    ).toBe('The time to live is at most 72 hours');
    expect(
      isSendable(
        sandboxDraftErrors({ ...draft, ttlHours: '72' }, undefined, 72),
      ),
    ).toBe(true);
    // Without a known maximum, the server decides.
    expect(sandboxDraftErrors({ ...draft, ttlHours: '73' }).ttlHours).toBe(
      undefined,
    );
  });

  it('sends only what the user set, and the TTL when given', () => {
    expect(
      toCreateSandboxRequest({
        name: 'alice',
        ttlHours: '',
        forks: [emptyFork('payments')],
      }),
    ).toEqual({ name: 'alice', forks: [{ service: 'payments' }] });
    expect(
      toCreateSandboxRequest({
        name: 'alice',
        ttlHours: '24',
        forks: [
          {
            service: 'cart',
            revision: '3',
            values: 'replicaCount: 1\n',
            images: [{ name: 'main', image: ' ghcr.io/acme/cart:1.5.0 ' }],
            set: 'feature.x=true\n',
          },
        ],
      }),
    ).toEqual({
      name: 'alice',
      ttlHours: 24,
      forks: [
        {
          service: 'cart',
          revision: 3,
          values: 'replicaCount: 1\n',
          images: { main: 'ghcr.io/acme/cart:1.5.0' },
          set: { 'feature.x': 'true' },
        },
      ],
    });
  });
});
