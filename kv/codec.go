package kv

import "encoding/json"

// Codec converts between a Store's values and the bytes its Backend keeps.
type Codec[T any] interface {
	// Encode returns the stored form of v.
	Encode(v T) ([]byte, error)
	// Decode parses a stored value. data belongs to the caller of Decode
	// only for the duration of the call unless the codec copies it.
	Decode(data []byte) (T, error)
}

// jsonCodec is the default Codec: encoding/json.
type jsonCodec[T any] struct{}

// Encode marshals v as JSON.
func (jsonCodec[T]) Encode(v T) ([]byte, error) { return json.Marshal(v) }

// Decode unmarshals JSON into a new T.
func (jsonCodec[T]) Decode(data []byte) (T, error) {
	var v T
	err := json.Unmarshal(data, &v)
	return v, err
}

// bytesCodec stores a []byte as is. It is the default for Store[[]byte].
type bytesCodec struct{}

// Encode returns v unchanged; backends copy what they keep.
func (bytesCodec) Encode(v []byte) ([]byte, error) { return v, nil }

// Decode returns data unchanged.
func (bytesCodec) Decode(data []byte) ([]byte, error) { return data, nil }

// stringCodec stores a string's bytes as is, not JSON-quoted. It is the
// default for Store[string].
type stringCodec struct{}

// Encode returns the bytes of v.
func (stringCodec) Encode(v string) ([]byte, error) { return []byte(v), nil }

// Decode returns data as a string.
func (stringCodec) Decode(data []byte) (string, error) { return string(data), nil }

// defaultCodec picks the raw codecs for exactly []byte and string (named
// types such as json.RawMessage keep JSON) and JSON for everything else.
func defaultCodec[T any]() Codec[T] {
	var c any
	switch any((*T)(nil)).(type) {
	case *[]byte:
		c = bytesCodec{}
	case *string:
		c = stringCodec{}
	default:
		return jsonCodec[T]{}
	}
	return c.(Codec[T])
}
