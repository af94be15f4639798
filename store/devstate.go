package store

import "context"

// DeviceStateStore is the capability of keeping opaque per-client blobs
// (ActiveSync sync states and policy keys, EWS subscription watermarks,
// MAPI ICS checkpoints) in the store, so protocol front ends hold no
// state of their own and can run behind a load balancer.
//
// A blob is keyed by the owning user, a client identifier (an ActiveSync
// DeviceId, an EWS client name) and a name chosen by the protocol.
type DeviceStateStore interface {
	// PutDeviceState stores data under key, replacing any previous value.
	PutDeviceState(ctx context.Context, key DeviceStateKey, data []byte) error
	// DeviceState returns the blob under key, or ErrNotFound.
	DeviceState(ctx context.Context, key DeviceStateKey) ([]byte, error)
	// DeleteDeviceState removes the blob under key; with an empty
	// key.Name, every blob of that user and client. Deleting what does not
	// exist is not an error.
	DeleteDeviceState(ctx context.Context, key DeviceStateKey) error
	// DeviceStateNames lists the names stored for a user and client, in
	// ascending order.
	DeviceStateNames(ctx context.Context, user, client string) ([]string, error)
}

// DeviceStateKey names a device-state blob. User is compared
// case-insensitively; Client and Name exactly.
type DeviceStateKey struct {
	User, Client, Name string
}
