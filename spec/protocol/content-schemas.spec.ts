import { ContentBlockSchema, ResourceLinkSchema, ResourceSchema } from '../../lib/protocol/schemas/content.js';
import { specExamples } from '../helpers/spec-examples.js';

describe('resources and resource links', () => {
  it.each(Object.entries(specExamples('Resource')))('reads the spec example Resource %s', (_name, example) => {
    expect(ResourceSchema.safeParse(example).success).toBe(true);
  });

  it.each(Object.entries(specExamples('ResourceLink')))('reads the spec example ResourceLink %s as a link and as a content block', (_name, example) => {
    expect(ResourceLinkSchema.parse(example)).toEqual(example);
    expect(ContentBlockSchema.parse(example)).toEqual(example);
  });

  it('a link is a resource with the resource_link tag: every resource field, checked the same way', () => {
    const resource = { uri: 'file:///a.txt', name: 'a.txt', title: 'A', size: 3, annotations: { priority: 1 }, icons: [{ src: 'https://x/i.png' }], _meta: { k: 1 } };
    expect(ResourceLinkSchema.parse({ type: 'resource_link', ...resource })).toEqual({ type: 'resource_link', ...resource });
    expect(ResourceLinkSchema.safeParse({ type: 'resource_link', uri: 'file:///a.txt' }).success).toBe(false); // no name
    expect(ResourceLinkSchema.safeParse({ type: 'resource_link', ...resource, size: '3' }).success).toBe(false);
    expect(ResourceLinkSchema.safeParse(resource).success).toBe(false); // untagged
  });
});
