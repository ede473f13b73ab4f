// @ts-check

/**
 * Environments pin each service's revision (the `revision` of the service's
 * settings in `berth_environments.services`): a deploy uses the pin, and
 * moving to a newer revision is an explicit update. Environments created
 * before pinned nothing and deployed whatever was newest; they are pinned
 * here to what they run: the revision of the service's last successful
 * deploy there, or, never deployed, the service's latest revision now.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const environments = await knex('berth_environments').select(
    'id',
    'project_ref',
    'services',
  );
  for (const environment of environments) {
    /** @type {Record<string, { revision?: number }>} */
    const settings = JSON.parse(environment.services || '{}');
    const services = await knex('berth_services')
      .where({ project_ref: environment.project_ref })
      .select('name', 'latest_revision');
    let changed = false;
    for (const service of services) {
      if (Number.isInteger(settings[service.name]?.revision)) continue;
      const deployed = await knex('berth_deployments')
        .where({
          environment_id: environment.id,
          service: service.name,
          result: 'succeeded',
        })
        .orderBy('started_at', 'desc')
        .first('revision');
      settings[service.name] = {
        ...settings[service.name],
        revision: deployed ? deployed.revision : service.latest_revision,
      };
      changed = true;
    }
    if (changed) {
      await knex('berth_environments')
        .where({ id: environment.id })
        .update({ services: JSON.stringify(settings) });
    }
  }
};

/**
 * The pins stay: they are valid settings for the code before this migration
 * too (which deployed a pinned revision when one was set).
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {};
