import { z } from 'zod';

/** An image name: `[host[:port]/]path`, lower case, no tag or digest (those are `tag` and the output). */
export const IMAGE_NAME =
  /^(?:(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A Git branch, tag, ref or commit id: no spaces, no leading dash, no `..`, no `#` or `:` (they end BuildKit's Git URL). */
const REVISION = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/@+-]{1,255}$/;

/** A path inside the repository: relative, no `..`, no backslash, no `#` or `:`. */
const relativePath = (what: string) =>
  z
    .string()
    .min(1)
    .max(255)
    .refine(
      p =>
        !p.startsWith('/') &&
        !/[\\#:\s]/.test(p) &&
        !p.split('/').includes('..'),
      {
        message: `${what} must be a relative path inside the repository, without '..'`,
      },
    );

/**
 * The params of a `build` job: which Git revision to build, with which
 * Dockerfile, into which image.
 */
export const buildJobInputSchema = z
  .object({
    /** The Git repository, over HTTP(S). */
    repo: z
      .string()
      .url()
      .refine(u => /^https?:\/\//.test(u) && !u.includes('#'), {
        message:
          'repo must be an http:// or https:// Git URL without a fragment',
      }),
    /** A branch, a tag, a ref or a full commit id. */
    revision: z.string().regex(REVISION, {
      message: 'revision must be a branch, a tag, a ref or a commit id',
    }),
    /** The image to push, without tag: `registry.example.com/team/app`. */
    image: z.string().max(255).regex(IMAGE_NAME, {
      message:
        'image must be an image name without tag or digest, e.g. registry.example.com/team/app',
    }),
    /** The tag to push; default: the revision made a valid tag. */
    tag: z
      .string()
      .regex(TAG, { message: 'tag must be a valid image tag' })
      .optional(),
    /** The build context, a folder of the repository. Default `.`. */
    context: relativePath('context').default('.'),
    /** The Dockerfile, relative to the context. Default `Dockerfile`. */
    file: relativePath('file').default('Dockerfile'),
    /** Which builder: `local` (the local clusters' builder image) or `buildkit`; default from `berth.workflows.build.builder`. */
    builder: z.enum(['local', 'buildkit']).optional(),
    /** Build arguments (BuildKit only). */
    buildArgs: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          message: 'build argument names are letters, digits and _',
        }),
        z.string().max(4096),
      )
      .optional(),
  })
  .strict();

/** A build job's params after validation and defaults. */
export type BuildJobInput = z.infer<typeof buildJobInputSchema>;

/** The tag pushed when the job names none: the revision with what a tag may not hold replaced by `-`. */
export function defaultTag(revision: string): string {
  if (/^[0-9a-f]{40}$/.test(revision)) return revision.slice(0, 12);
  const tag = revision
    .replace(/^refs\/(heads|tags)\//, '')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
  return tag || 'latest';
}

/** What both pod builders need: the params resolved (tag, builder). */
export interface BuildSpec {
  repo: string;
  revision: string;
  image: string;
  tag: string;
  context: string;
  file: string;
  builder: 'local' | 'buildkit';
  buildArgs: Record<string, string>;
}
