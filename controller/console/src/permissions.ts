// The one permission table, shared with the controller (issue 11: one table, same keys).
export { can, PERMISSIONS, type Permission } from '../../src/permissions';
