# The KV application of Elixir's "Mix and OTP" guide, as the capture tests run it. No dependencies:
# it builds offline.
defmodule KV.MixProject do
  use Mix.Project

  def project do
    [app: :kv, version: "0.1.0", elixir: "~> 1.13", deps: []]
  end

  def application do
    [extra_applications: [:logger], mod: {KV, []}]
  end
end
