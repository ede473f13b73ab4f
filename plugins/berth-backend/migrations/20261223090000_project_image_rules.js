// @ts-check

/**
 * A project's image rules: where its charts keep their images (JSON, a list
 * of `{registry?, repository, tag?}` dotted paths). NULL: Berth's defaults.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('berth_projects', table => {
    table
      .text('image_rules')
      .nullable()
      .comment("Where the project's charts keep images (JSON); NULL: defaults");
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('berth_projects', table => {
    table.dropColumn('image_rules');
  });
};
