/**
 * The skills extension (SEP-2640) against a real server process (spec/fixtures/skills-server.mjs):
 * listing (two pages, invalid entries left out, no file read), loading verified (digest, size,
 * frontmatter; the content is not returned), reading only listed files, a 500-file skill, a skill
 * loaded from its URI alone, no skills requests to a server that does not declare them, and
 * `resources/directory/read` (pages, the `directoryRead` gate, a `'dynamic'` skill loaded through it).
 */
import { Client } from '../../lib/client/client.js';
import { DIRECTORY_MIME_TYPE, Skills, skillsExtension } from '../../lib/extensions/skills/skills.js';
import { SkillsUnavailableError, SkillVerificationError } from '../../lib/extensions/skills/skill-errors.js';
import { extensionServer, skillsServer } from '../helpers/servers.js';

const clients: Client[] = [];
async function connect(transport = skillsServer()): Promise<Client> {
  const client = await Client.connect(transport, { mode: 'legacy', extensions: [skillsExtension()] });
  clients.push(client);
  return client;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

const reads = async (client: Client): Promise<string[]> => (await client.request('fixture/reads')).reads as string[];

describe('skills', () => {
  it('lists every valid entry over both pages and reads no file', async () => {
    const client = await connect();
    const skills = new Skills(client);
    expect(skills.available).toBe(true);
    const entries = await skills.list();
    expect(entries.map((entry) => entry.uri)).toEqual(['pdf-processing', 'bad-digest', 'bad-size', 'bad-frontmatter', 'large'].map((name) => `skill://${name}/SKILL.md`));
    expect(await reads(client)).toEqual([]);
  });

  it('loads a skill: SKILL.md verified and read once; other files only when asked', async () => {
    const client = await connect();
    const skills = new Skills(client);
    await skills.list();
    const skill = await skills.load('skill://pdf-processing/SKILL.md');
    expect(skill.frontmatter).toEqual({ name: 'pdf-processing', description: 'The pdf-processing skill' });
    expect(skill.key).toEqual({ server: 'rxmcp-skills-fixture@1.0.0', uri: 'skill://pdf-processing/SKILL.md' });
    expect(await skills.load('skill://pdf-processing/SKILL.md')).toBe(skill);
    expect(await reads(client)).toEqual(['skill://pdf-processing/SKILL.md']);
    expect((await skill.read('skill://pdf-processing/references/FORMS.md')).text).toBe('# Forms\n\nHow to fill forms.\n');
    await expect(skill.read('skill://pdf-processing/secret.txt')).rejects.toMatchObject({ name: 'SkillVerificationError', reason: 'unlisted' });
    expect(await reads(client)).toEqual(['skill://pdf-processing/SKILL.md', 'skill://pdf-processing/references/FORMS.md']);
  });

  it.each([
    ['bad-digest', 'digest'],
    ['bad-size', 'size'],
    ['bad-frontmatter', 'frontmatter'],
  ])('%s is a SkillVerificationError (%s) and nothing more is read', async (name, reason) => {
    const client = await connect();
    const skills = new Skills(client);
    await skills.list();
    const error = await skills.load(`skill://${name}/SKILL.md`).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SkillVerificationError);
    expect((error as SkillVerificationError).reason).toBe(reason);
    expect((error as SkillVerificationError).message).not.toContain('Skill body');
    expect(await reads(client)).toEqual([`skill://${name}/SKILL.md`]);
  });

  it('a 500-file skill loads, and each of its files verifies on read', async () => {
    const client = await connect();
    const skills = new Skills(client);
    const entry = (await skills.list()).find((candidate) => candidate.uri === 'skill://large/SKILL.md')!;
    expect(entry.resources).toHaveLength(500);
    const skill = await skills.load(entry.uri);
    const texts = await Promise.all(Array.from({ length: 499 }, (_, i) => skill.read(`skill://large/f/${i}.txt`).then((file) => file.text)));
    expect(texts[498]).toBe('file 498\n');
    expect(await reads(client)).toHaveLength(500);
  });

  it('loads a skill from its URI alone (skills/get); an unknown one fails', async () => {
    const client = await connect();
    const skills = new Skills(client);
    const skill = await skills.load('skill://pdf-processing/SKILL.md');
    expect(skill.entry.frontmatter.name).toBe('pdf-processing');
    await expect(skills.load('skill://nope/SKILL.md')).rejects.toThrow('Unknown skill');
  });

  it('a server that does not declare the extension gets no skills request', async () => {
    const client = await Client.connect(extensionServer(), { mode: 'legacy' });
    clients.push(client);
    const skills = new Skills(client);
    expect(skills.available).toBe(false);
    await expect(skills.list()).rejects.toBeInstanceOf(SkillsUnavailableError);
  });
});

describe('skills: resources/directory/read (directoryRead)', () => {
  const directoryReads = async (client: Client): Promise<string[]> => (await client.request('fixture/directory-reads')).reads as string[];

  it('lists a directory resource one page at a time: files with their type, subdirectories as inode/directory', async () => {
    const client = await connect();
    const skills = new Skills(client, { directoryRead: true });
    const data = await skills.readDirectory('skill://dynamic-report/data');
    expect(data).toEqual({
      resources: [
        { uri: 'skill://dynamic-report/data/a.txt', name: 'a.txt', mimeType: 'text/plain' },
        { uri: 'skill://dynamic-report/data/deep', name: 'deep', mimeType: DIRECTORY_MIME_TYPE },
      ],
    });
    const first = await skills.readDirectory('skill://dynamic-report');
    expect(first.nextCursor).toBe('dir-2');
    const second = await skills.readDirectory('skill://dynamic-report', { cursor: first.nextCursor });
    expect([...first.resources, ...second.resources].map((item) => item.name)).toEqual(['SKILL.md', 'data']);
    expect(second.nextCursor).toBeUndefined();
    await expect(skills.readDirectory('skill://dynamic-report/SKILL.md')).rejects.toMatchObject({ code: -32602 });
    expect(await directoryReads(client)).toEqual(['skill://dynamic-report/data', 'skill://dynamic-report', 'skill://dynamic-report']);
  });

  it('without the option directoryRead nothing is sent: readDirectory and a dynamic load are SkillsUnavailableError', async () => {
    const client = await connect();
    const skills = new Skills(client);
    await expect(skills.readDirectory('skill://dynamic-report/data')).rejects.toBeInstanceOf(SkillsUnavailableError);
    await expect(skills.load('skill://dynamic-report/SKILL.md')).rejects.toBeInstanceOf(SkillsUnavailableError);
    expect(await directoryReads(client)).toEqual([]);
    expect(await reads(client)).toEqual([]);
  });

  it('loads a dynamic skill from its URI: SKILL.md frontmatter checked, files found through their directories, read only when asked', async () => {
    const client = await connect();
    const skills = new Skills(client, { directoryRead: true });
    const skill = await skills.load('skill://dynamic-report/SKILL.md');
    expect(skill.dynamic).toBe(true);
    expect(skill.frontmatter).toEqual({ name: 'dynamic-report', description: 'The dynamic-report skill' });
    expect(await reads(client)).toEqual(['skill://dynamic-report/SKILL.md']);
    await expect(skill.read('skill://dynamic-report/data/deep/b.txt')).resolves.toMatchObject({ uri: 'skill://dynamic-report/data/deep/b.txt', text: 'b\n' });
    expect(await reads(client)).toEqual(['skill://dynamic-report/SKILL.md', 'skill://dynamic-report/data/deep/b.txt']);
    // a directory, a file its directory does not list, and a file of another skill are not files of this one
    await expect(skill.read('skill://dynamic-report/data/deep')).rejects.toMatchObject({ reason: 'unlisted' });
    await expect(skill.read('skill://dynamic-report/data/missing.txt')).rejects.toBeInstanceOf(SkillVerificationError);
    await expect(skill.read('skill://pdf-processing/SKILL.md')).rejects.toMatchObject({ reason: 'unlisted' });
    expect(await reads(client)).toHaveLength(2);
  });
});
