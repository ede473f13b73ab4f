/**
 * Kinds of Kubernetes objects that live outside namespaces, from the
 * built-in APIs and common add-ons. A service may not create them: it
 * deploys into its environment's namespace only. CustomResourceDefinitions
 * may add more cluster-scoped kinds that this list cannot know.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  // core/v1
  'Namespace',
  'Node',
  'PersistentVolume',
  'ComponentStatus',
  // rbac.authorization.k8s.io
  'ClusterRole',
  'ClusterRoleBinding',
  // apiextensions.k8s.io, apiregistration.k8s.io
  'CustomResourceDefinition',
  'APIService',
  // storage.k8s.io
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'VolumeAttributesClass',
  // admissionregistration.k8s.io
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  // scheduling, node, networking, certificates, flowcontrol
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'IPAddress',
  'ServiceCIDR',
  'CertificateSigningRequest',
  'ClusterTrustBundle',
  'FlowSchema',
  'PriorityLevelConfiguration',
  // resource.k8s.io
  'DeviceClass',
  'ResourceSlice',
  // authentication and authorization reviews
  'TokenReview',
  'SelfSubjectReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'SubjectAccessReview',
  // policy (removed, still seen)
  'PodSecurityPolicy',
  // Gateway API, cert-manager, Istio-free common add-ons
  'GatewayClass',
  'ClusterIssuer',
]);
