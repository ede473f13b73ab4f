// @ts-check

/**
 * Imported Helm chart archives, content-addressed by sha256: services whose
 * chart is `{ type: 'archive', digest }` are deployed from these bytes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('berth_chart_archives', table => {
    table.comment('Imported Helm chart archives (.tgz), content-addressed');
    table.string('digest', 64).primary().comment('sha256 of content (hex)');
    table.string('name', 63).notNullable();
    table.string('version', 128).notNullable();
    table.integer('size').notNullable().comment('Bytes of content');
    table.binary('content').notNullable().comment('The .tgz archive');
    table.text('metadata').notNullable().comment('JSON: Chart.yaml as read');
    table
      .text('dependencies')
      .notNullable()
      .comment('JSON: dependencies and whether they were resolved');
    table.text('values').notNullable().comment("The chart's values.yaml");
    table
      .text('schema')
      .nullable()
      .comment("JSON: the chart's values.schema.json");
    table
      .text('origin')
      .notNullable()
      .comment('JSON: where the archive was first imported from');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['name', 'version'], 'berth_chart_archives_name_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('berth_chart_archives');
};
