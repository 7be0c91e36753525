export const provisionJobKind = {
  customerOrg: 'customer_org.create',
  subscriber: 'subscriber.provision',
  releaseHeld: 'customer_org.release_held',
} as const;
