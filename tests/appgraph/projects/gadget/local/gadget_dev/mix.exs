defmodule GadgetDev.MixProject do
  use Mix.Project

  def project, do: [app: :gadget_dev, version: "0.1.0", deps: []]

  def application, do: [extra_applications: [:logger]]
end
