// Every API endpoint, in one list: the OpenAPI document is generated from it and
// the route-walking test checks each entry (and that every route file is listed).
import type { AnyEndpoint } from "../http/endpoint";
import { loginEndpoint, logoutEndpoint, meEndpoint } from "../auth/auth.endpoints";
import { oidcCallbackEndpoint, oidcLoginEndpoint, ssoInfoEndpoint } from "../auth/oidc/oidc.endpoints";
import { setupEndpoint, setupStatusEndpoint } from "../setup/setup.endpoints";
import { createUserEndpoint, listUsersEndpoint, updateUserEndpoint } from "../users/users.endpoints";
import { changePasswordEndpoint } from "../account/account.endpoints";
import { createApiTokenEndpoint, listApiTokensEndpoint, revokeApiTokenEndpoint } from "../api-tokens/api-tokens.endpoints";
import { listAuditEventsEndpoint } from "../audit/audit.endpoints";
import { healthEndpoint } from "../health/health.endpoints";
import { getClusterEndpoint } from "../cluster/cluster.endpoints";
import {
  deleteRecoveryPlanEndpoint,
  getDependenciesEndpoint,
  getRecoveryPlanEndpoint,
  listSiteOperationsEndpoint,
  planEvacuationEndpoint,
  planReturnEndpoint,
  saveRecoveryPlanEndpoint,
  setDependenciesEndpoint,
  siteMatrixEndpoint,
  siteReportEndpoint,
  startEvacuationEndpoint,
  startReturnEndpoint,
  startSiteDrillEndpoint,
  whatIfEndpoint,
} from "../dr/dr.endpoints";
import { openApiEndpoint } from "./openapi.endpoints";
import { serverHistoryEndpoint } from "../history/history.endpoints";
import { clearFaultEndpoint, injectFaultEndpoint, powerSimHostEndpoint, simulatorStateEndpoint } from "../simulator/simulator.endpoints";
import { createSiteEndpoint, deleteSiteEndpoint, listSitesEndpoint, updateSiteEndpoint } from "../inventory/sites/sites.endpoints";
import { createCredentialEndpoint, deleteCredentialEndpoint, listCredentialsEndpoint, updateCredentialEndpoint } from "../inventory/credentials/credentials.endpoints";
import { createServerEndpoint, deleteServerEndpoint, getServerEndpoint, listServersEndpoint, updateServerEndpoint } from "../inventory/servers/servers.endpoints";
import {
  createFenceDeviceEndpoint,
  deleteFenceDeviceEndpoint,
  fenceTemplatesEndpoint,
  getFenceDeviceEndpoint,
  listFenceDevicesEndpoint,
  updateFenceDeviceEndpoint,
} from "../inventory/fence-devices/fence-devices.endpoints";
import {
  createLoadBalancerEndpoint,
  deleteLoadBalancerEndpoint,
  getLoadBalancerEndpoint,
  listLoadBalancersEndpoint,
  updateLoadBalancerEndpoint,
} from "../inventory/load-balancers/load-balancers.endpoints";
import { importServersEndpoint } from "../inventory/import/import.endpoints";
import { testConnectionEndpoint, testServerConnectionEndpoint } from "../inventory/connection/test-connection.endpoints";
import { createGroupEndpoint, deleteGroupEndpoint, getGroupEndpoint, listGroupsEndpoint, updateGroupEndpoint } from "../groups/groups.endpoints";
import {
  abortOperationEndpoint,
  pauseOperationEndpoint,
  getOperationEndpoint,
  listOperationsEndpoint,
  planFailoverEndpoint,
  planSwitchoverEndpoint,
  rejoinMemberEndpoint,
  resumeOperationEndpoint,
  startFailoverEndpoint,
  startSwitchoverEndpoint,
} from "../failover/failover.endpoints";
import { ackAlertEndpoint, getAlertEndpoint, listAlertsEndpoint, resolveAlertEndpoint } from "../alerts/alerts.endpoints";
import { createAlertRuleEndpoint, deleteAlertRuleEndpoint, listAlertRulesEndpoint, updateAlertRuleEndpoint } from "../alerts/alert-rules.endpoints";
import {
  createChannelEndpoint,
  deleteChannelEndpoint,
  getChannelEndpoint,
  listChannelDeliveriesEndpoint,
  listChannelsEndpoint,
  testChannelEndpoint,
  updateChannelEndpoint,
} from "../notifications/channels.endpoints";
import {
  cancelWindowEndpoint,
  createWindowEndpoint,
  endWindowEndpoint,
  getWindowEndpoint,
  listWindowsEndpoint,
  previewWindowEndpoint,
  updateWindowEndpoint,
} from "../maintenance/maintenance.endpoints";
import {
  abortRolloutEndpoint,
  getRolloutEndpoint,
  listRolloutsEndpoint,
  pauseRolloutEndpoint,
  planRolloutEndpoint,
  resumeRolloutEndpoint,
  startRolloutEndpoint,
} from "../rollouts/rollouts.endpoints";
import {
  createRolloutScheduleEndpoint,
  deleteRolloutScheduleEndpoint,
  listRolloutScheduleRunsEndpoint,
  listRolloutSchedulesEndpoint,
  updateRolloutScheduleEndpoint,
} from "../rollouts/schedules/rollout-schedules.endpoints";
import { drillFreshnessEndpoint, getDrillEndpoint, listGroupDrillsEndpoint, startDrillEndpoint } from "../drills/drills.endpoints";
import {
  createDrillScheduleEndpoint,
  deleteDrillScheduleEndpoint,
  listDrillSchedulesEndpoint,
  listScheduleRunsEndpoint,
  updateDrillScheduleEndpoint,
} from "../drills/schedules/schedules.endpoints";
import { complianceEndpoint } from "../rollouts/compliance.endpoints";
import { startRestoreEndpoint } from "../restore/restore.endpoints";
import { metricsEndpoint } from "../metrics/metrics.endpoints";
import { ansibleInventoryEndpoint } from "../inventory/ansible/ansible-inventory.endpoints";

export const endpoints: AnyEndpoint[] = [
  healthEndpoint,
  getClusterEndpoint,
  openApiEndpoint,
  setupStatusEndpoint,
  setupEndpoint,
  loginEndpoint,
  logoutEndpoint,
  meEndpoint,
  ssoInfoEndpoint,
  oidcLoginEndpoint,
  oidcCallbackEndpoint,
  changePasswordEndpoint,
  listUsersEndpoint,
  createUserEndpoint,
  updateUserEndpoint,
  listApiTokensEndpoint,
  createApiTokenEndpoint,
  revokeApiTokenEndpoint,
  listAuditEventsEndpoint,
  serverHistoryEndpoint,
  simulatorStateEndpoint,
  injectFaultEndpoint,
  clearFaultEndpoint,
  powerSimHostEndpoint,
  listSitesEndpoint,
  createSiteEndpoint,
  updateSiteEndpoint,
  deleteSiteEndpoint,
  listCredentialsEndpoint,
  createCredentialEndpoint,
  updateCredentialEndpoint,
  deleteCredentialEndpoint,
  listServersEndpoint,
  getServerEndpoint,
  createServerEndpoint,
  updateServerEndpoint,
  deleteServerEndpoint,
  importServersEndpoint,
  listFenceDevicesEndpoint,
  fenceTemplatesEndpoint,
  getFenceDeviceEndpoint,
  createFenceDeviceEndpoint,
  updateFenceDeviceEndpoint,
  deleteFenceDeviceEndpoint,
  listLoadBalancersEndpoint,
  getLoadBalancerEndpoint,
  createLoadBalancerEndpoint,
  updateLoadBalancerEndpoint,
  deleteLoadBalancerEndpoint,
  testConnectionEndpoint,
  testServerConnectionEndpoint,
  listGroupsEndpoint,
  getGroupEndpoint,
  createGroupEndpoint,
  updateGroupEndpoint,
  deleteGroupEndpoint,
  planSwitchoverEndpoint,
  startSwitchoverEndpoint,
  planFailoverEndpoint,
  startFailoverEndpoint,
  rejoinMemberEndpoint,
  startRestoreEndpoint,
  listOperationsEndpoint,
  getOperationEndpoint,
  abortOperationEndpoint,
  resumeOperationEndpoint,
  planRolloutEndpoint,
  startRolloutEndpoint,
  listRolloutsEndpoint,
  getRolloutEndpoint,
  pauseRolloutEndpoint,
  resumeRolloutEndpoint,
  abortRolloutEndpoint,
  listRolloutSchedulesEndpoint,
  createRolloutScheduleEndpoint,
  updateRolloutScheduleEndpoint,
  deleteRolloutScheduleEndpoint,
  listRolloutScheduleRunsEndpoint,
  listAlertsEndpoint,
  getAlertEndpoint,
  ackAlertEndpoint,
  resolveAlertEndpoint,
  listAlertRulesEndpoint,
  createAlertRuleEndpoint,
  updateAlertRuleEndpoint,
  deleteAlertRuleEndpoint,
  listChannelsEndpoint,
  getChannelEndpoint,
  createChannelEndpoint,
  updateChannelEndpoint,
  deleteChannelEndpoint,
  testChannelEndpoint,
  listChannelDeliveriesEndpoint,
  listWindowsEndpoint,
  getWindowEndpoint,
  createWindowEndpoint,
  updateWindowEndpoint,
  previewWindowEndpoint,
  cancelWindowEndpoint,
  endWindowEndpoint,
  startDrillEndpoint,
  listGroupDrillsEndpoint,
  getDrillEndpoint,
  drillFreshnessEndpoint,
  listDrillSchedulesEndpoint,
  createDrillScheduleEndpoint,
  updateDrillScheduleEndpoint,
  deleteDrillScheduleEndpoint,
  listScheduleRunsEndpoint,
  complianceEndpoint,
  pauseOperationEndpoint,
  whatIfEndpoint,
  siteMatrixEndpoint,
  getRecoveryPlanEndpoint,
  saveRecoveryPlanEndpoint,
  deleteRecoveryPlanEndpoint,
  getDependenciesEndpoint,
  setDependenciesEndpoint,
  planEvacuationEndpoint,
  startEvacuationEndpoint,
  planReturnEndpoint,
  startReturnEndpoint,
  startSiteDrillEndpoint,
  listSiteOperationsEndpoint,
  siteReportEndpoint,
  metricsEndpoint,
  ansibleInventoryEndpoint,
] as AnyEndpoint[];
